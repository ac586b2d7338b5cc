"use client";

import { When } from "@/components/ui/when";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { revokeInvitationAction } from "@/app/(console)/team/actions";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";

export type InvitationRow = {
  id: string;
  email: string;
  role: string;
  invitedBy: string;
  expires: Date;
  state: "pending" | "accepted" | "expired" | "revoked";
};

const stateBadge: Record<InvitationRow["state"], { label: string; tone: Tone }> = {
  pending: { label: "Pending", tone: "brand" },
  accepted: { label: "Accepted", tone: "success" },
  expired: { label: "Expired", tone: "neutral" },
  revoked: { label: "Revoked", tone: "neutral" },
};

/** A team's invitations; pending ones can be revoked (their link stops working at once). */
export function InvitationsTable({
  organizationId,
  invitations,
  canManage,
}: {
  organizationId?: string;
  invitations: InvitationRow[];
  canManage: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      <FormError message={error} className="mx-5 mt-3" />
      <Table aria-label="Invitations">
        <THead>
          <Tr>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Invited by</Th>
            <Th>Link expires</Th>
            <Th>State</Th>
            {canManage ? <Th className="text-right">Actions</Th> : null}
          </Tr>
        </THead>
        <TBody>
          {invitations.map((invitation) => (
            <Tr key={invitation.id}>
              <Td className="font-medium text-slate-900">{invitation.email}</Td>
              <Td>{invitation.role}</Td>
              <Td>{invitation.invitedBy}</Td>
              <Td>
                <When at={invitation.expires} />
              </Td>
              <Td>
                <Badge tone={stateBadge[invitation.state].tone}>{stateBadge[invitation.state].label}</Badge>
              </Td>
              {canManage ? (
                <Td className="text-right">
                  {invitation.state === "pending" ? (
                    <Button
                      variant="ghost"
                      onClick={async () => {
                        setError(null);
                        const result = await revokeInvitationAction({ organizationId, invitationId: invitation.id });
                        if (!result.ok) return setError(result.error);
                        toast.success(`The invitation of ${invitation.email} was revoked.`);
                        router.refresh();
                      }}
                    >
                      Revoke<span className="sr-only"> the invitation of {invitation.email}</span>
                    </Button>
                  ) : null}
                </Td>
              ) : null}
            </Tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
