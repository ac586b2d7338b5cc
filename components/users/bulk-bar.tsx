"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { bulkUsersAction } from "@/app/(console)/users/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

type Change =
  { kind: "profile"; profileId: string | null; profileName: string } | { kind: "deactivate" } | { kind: "revoke" };

const plural = (n: number) => `${n} user${n === 1 ? "" : "s"}`;

function question(change: Change, n: number) {
  if (change.kind === "deactivate") return `Deactivate ${plural(n)}?`;
  if (change.kind === "revoke") return `Revoke the credentials of ${plural(n)}?`;
  return `Move ${plural(n)} to ${change.profileName}?`;
}

/** What happens to the selected users, all or nothing; a shortage keeps the dialog open with its sentence. */
export function BulkBar({
  organizationId,
  userIds,
  profiles,
  onDone,
}: {
  organizationId: string;
  userIds: string[];
  profiles: { id: string; name: string }[];
  onDone: () => void;
}) {
  const router = useRouter();
  const [change, setChange] = useState<Change | null>(null);
  const [profileChoice, setProfileChoice] = useState("");
  const n = userIds.length;

  return (
    <div
      role="region"
      aria-label="Bulk actions"
      className="flex flex-wrap items-center gap-3 border-b border-brand-100 bg-brand-50 px-4 py-2 text-sm"
    >
      <span className="font-medium text-brand-700">{plural(n)} selected</span>
      <span className="flex items-center gap-2">
        <label className="sr-only" htmlFor="bulk-profile">
          Profile for the selected users
        </label>
        <select
          id="bulk-profile"
          value={profileChoice}
          onChange={(e) => setProfileChoice(e.target.value)}
          className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
        >
          <option value="">Choose a profile…</option>
          <option value="none">No profile</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <Button
          variant="secondary"
          className="py-1"
          disabled={!profileChoice}
          onClick={() =>
            setChange({
              kind: "profile",
              profileId: profileChoice === "none" ? null : profileChoice,
              profileName: profiles.find((p) => p.id === profileChoice)?.name ?? "no profile",
            })
          }
        >
          Assign profile
        </Button>
      </span>
      <Button variant="secondary" className="py-1" onClick={() => setChange({ kind: "deactivate" })}>
        Deactivate
      </Button>
      <Button variant="secondary" className="py-1" onClick={() => setChange({ kind: "revoke" })}>
        Revoke credentials
      </Button>
      <ConfirmDialog
        open={change !== null}
        onOpenChange={(open) => !open && setChange(null)}
        title={change ? question(change, n) : ""}
        tone={change?.kind === "profile" ? "primary" : "danger"}
        confirmLabel={
          change?.kind === "deactivate"
            ? `Deactivate ${plural(n)}`
            : change?.kind === "revoke"
              ? `Revoke ${plural(n)}`
              : `Move ${plural(n)}`
        }
        onConfirm={async () => {
          if (!change) return;
          const payload =
            change.kind === "profile" ? { kind: change.kind, profileId: change.profileId } : { kind: change.kind };
          const result = await bulkUsersAction({ organizationId, userIds, change: payload });
          if (!result.ok) return result.error;
          toast.success(`${plural(result.data.updated)} updated.`);
          onDone();
          router.refresh();
        }}
      >
        {change?.kind === "profile"
          ? "All of them change or none does: if the new profile needs more seats than the pools have, nothing changes."
          : "Their seats are freed at once; the pools' capacity stays the same."}
      </ConfirmDialog>
    </div>
  );
}
