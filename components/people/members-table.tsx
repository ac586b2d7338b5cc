"use client";

import { When } from "@/components/ui/when";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { changeRoleAction, removeMemberAction, resetLinkAction, resetMfaAction } from "@/app/(console)/team/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { AccountRole } from "@/db/schema";
import { LinkOnce } from "./link-once";

export type MemberRow = {
  id: string;
  email: string;
  role: AccountRole;
  lastSignIn: Date | null;
  hasMfa: boolean;
};

const roleName = (role: string) => role[0]!.toUpperCase() + role.slice(1);

/**
 * A team's console accounts. With `canManage` each row changes its role, issues a reset link to
 * copy, or removes the account; the server checks the same permission and the last-owner rule.
 */
export function MembersTable({
  organizationId,
  members,
  roles,
  canManage,
  canResetMfa,
}: {
  organizationId?: string;
  members: MemberRow[];
  roles: readonly AccountRole[];
  canManage: boolean;
  canResetMfa: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<MemberRow | null>(null);
  const [resettingMfa, setResettingMfa] = useState<MemberRow | null>(null);
  const [resetLink, setResetLink] = useState<{ email: string; url: string } | null>(null);

  async function changeRole(member: MemberRow, role: string) {
    setError(null);
    const result = await changeRoleAction({ organizationId, accountId: member.id, role });
    if (!result.ok) setError(result.error);
    else toast.success(`${member.email} is now ${role}.`);
    router.refresh();
  }

  async function issueResetLink(member: MemberRow) {
    setError(null);
    setResetLink(null);
    const result = await resetLinkAction({ organizationId, accountId: member.id });
    if (result.ok) setResetLink(result.data);
    else setError(result.error);
  }

  return (
    <div className="space-y-3">
      <FormError message={error} className="mx-5 mt-3" />
      <Table aria-label="Console accounts">
        <THead>
          <Tr>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Last sign-in</Th>
            <Th>MFA</Th>
            {canManage || canResetMfa ? <Th className="text-right">Actions</Th> : null}
          </Tr>
        </THead>
        <TBody>
          {members.map((member) => (
            <Tr key={member.id}>
              <Td className="font-medium text-slate-900">{member.email}</Td>
              <Td>
                {canManage ? (
                  <select
                    aria-label={`Role of ${member.email}`}
                    value={member.role}
                    onChange={(e) => changeRole(member, e.target.value)}
                    className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                  >
                    {roles.map((role) => (
                      <option key={role} value={role}>
                        {roleName(role)}
                      </option>
                    ))}
                  </select>
                ) : (
                  roleName(member.role)
                )}
              </Td>
              <Td>{member.lastSignIn ? <When at={member.lastSignIn} /> : "Never"}</Td>
              <Td>{member.hasMfa ? "On" : "Off"}</Td>
              {canManage || canResetMfa ? (
                <Td className="space-x-2 text-right whitespace-nowrap">
                  {canResetMfa && member.hasMfa ? (
                    <Button variant="ghost" onClick={() => setResettingMfa(member)}>
                      Reset MFA<span className="sr-only"> for {member.email}</span>
                    </Button>
                  ) : null}
                  {canManage ? (
                    <>
                      <Button variant="ghost" onClick={() => issueResetLink(member)}>
                        Reset link<span className="sr-only"> for {member.email}</span>
                      </Button>
                      <Button variant="ghost" onClick={() => setRemoving(member)}>
                        Remove<span className="sr-only"> {member.email}</span>
                      </Button>
                    </>
                  ) : null}
                </Td>
              ) : null}
            </Tr>
          ))}
        </TBody>
      </Table>
      {resetLink ? (
        <div className="px-5 pb-4">
          <LinkOnce
            label={`Password reset link for ${resetLink.email}`}
            message={`A password-reset link for ${resetLink.email}: it works once, for one hour, and is shown only now. Using it signs them out everywhere.`}
            url={resetLink.url}
          />
        </div>
      ) : null}
      <ConfirmDialog
        open={resettingMfa !== null}
        onOpenChange={(open) => (open ? null : setResettingMfa(null))}
        title={`Reset two-factor sign-in of ${resettingMfa?.email ?? ""}?`}
        confirmLabel="Reset MFA"
        onConfirm={async () => {
          if (!resettingMfa) return;
          const result = await resetMfaAction({ organizationId, accountId: resettingMfa.id });
          if (!result.ok) return result.error;
          toast.success(`Two-factor sign-in of ${resettingMfa.email} reset.`);
          router.refresh();
        }}
      >
        Their authenticator app, passkeys and recovery codes stop working. Use this when they lost their devices; they
        sign in with their password and enrol again.
      </ConfirmDialog>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => (open ? null : setRemoving(null))}
        title={`Remove ${removing?.email ?? ""}?`}
        confirmLabel="Remove account"
        onConfirm={async () => {
          if (!removing) return;
          const result = await removeMemberAction({ organizationId, accountId: removing.id });
          if (!result.ok) return result.error;
          toast.success(`${removing.email} removed.`);
          router.refresh();
        }}
      >
        {removing?.email} can no longer sign in, and every browser signed in to this account is signed out at once.
      </ConfirmDialog>
    </div>
  );
}
