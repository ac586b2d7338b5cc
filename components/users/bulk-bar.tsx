"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { bulkUsersAction } from "@/app/(console)/users/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LicenceImpact } from "./licence-impact";
import { previewAllows, useBulkPreview, type BulkChange, type BulkPreview } from "./use-bulk-preview";

const plural = (n: number) => `${n} user${n === 1 ? "" : "s"}`;

const questions: Record<BulkChange["kind"], (n: number, profileName: string) => [question: string, confirm: string]> = {
  profile: (n, profile) => [`Move ${plural(n)} to ${profile}?`, `Move ${plural(n)}`],
  activate: (n) => [`Activate ${plural(n)}?`, `Activate ${plural(n)}`],
  issue: (n) => [`Issue credentials to ${plural(n)}?`, `Issue to ${plural(n)}`],
  deactivate: (n) => [`Deactivate ${plural(n)}?`, `Deactivate ${plural(n)}`],
  revoke: (n) => [`Revoke the credentials of ${plural(n)}?`, `Revoke ${plural(n)}`],
};

/** The licence impact of a change, or what is happening while it is counted. */
function PreviewLines({ preview, label }: { preview: BulkPreview; label: string }) {
  if (preview.state === "idle") return null;
  else if (preview.state === "loading")
    return <p className="text-sm text-slate-600">Counting the licences this needs…</p>;
  if (preview.state === "error") return <p className="text-sm text-red-700">{preview.error}</p>;
  if (preview.impact.length === 0) return <p className="text-sm text-slate-700">No licence changes hands.</p>;
  const short = preview.impact.some((m) => !m.ok);
  return (
    <div className="space-y-1">
      <LicenceImpact impact={preview.impact} label={label} />
      {short ? (
        <p className="text-sm font-medium text-red-700">
          Not enough licences: free seats or raise the capacity first, or select fewer users.
        </p>
      ) : null}
    </div>
  );
}

/**
 * What happens to the selected users, all or nothing. Each change shows its licence impact per
 * module before it is confirmed, and a shortage keeps Confirm disabled.
 */
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
  const [change, setChange] = useState<BulkChange | null>(null);
  const [profileChoice, setProfileChoice] = useState("");
  const n = userIds.length;
  const chosenProfile: BulkChange | null = profileChoice
    ? { kind: "profile", profileId: profileChoice === "none" ? null : profileChoice }
    : null;
  const profileName = profiles.find((p) => p.id === profileChoice)?.name ?? "no profile";
  const profilePreview = useBulkPreview(organizationId, userIds, chosenProfile);
  const changePreview = useBulkPreview(organizationId, userIds, change);
  const [question, confirmLabel] = change ? questions[change.kind](n, profileName) : ["", ""];
  const adds = change?.kind === "profile" || change?.kind === "activate" || change?.kind === "issue";

  return (
    <div
      role="region"
      aria-label="Bulk actions"
      className="sticky bottom-0 z-10 space-y-2 border-t border-brand-100 bg-brand-50 px-4 py-2 text-sm"
    >
      <div className="flex flex-wrap items-center gap-3">
        <span className="text-brand-800 font-medium">{plural(n)} selected</span>
        <span className="flex items-center gap-2">
          <label className="sr-only" htmlFor="bulk-profile">
            Profile for the selected users
          </label>
          <select
            id="bulk-profile"
            value={profileChoice}
            onChange={(e) => setProfileChoice(e.target.value)}
            className="rounded-md border border-slate-400 bg-white px-2 py-1 text-sm"
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
            disabled={!chosenProfile}
            onClick={() => setChange(chosenProfile)}
          >
            Assign profile
          </Button>
        </span>
        <Button variant="secondary" className="py-1" onClick={() => setChange({ kind: "activate" })}>
          Activate
        </Button>
        <Button variant="secondary" className="py-1" onClick={() => setChange({ kind: "issue" })}>
          Issue credentials
        </Button>
        <Button variant="secondary" className="py-1" onClick={() => setChange({ kind: "deactivate" })}>
          Deactivate
        </Button>
        <Button variant="secondary" className="py-1" onClick={() => setChange({ kind: "revoke" })}>
          Revoke credentials
        </Button>
      </div>
      <div aria-live="polite">
        {chosenProfile ? (
          <div className="space-y-1">
            <p className="font-medium text-slate-800">Moving them to {profileName}:</p>
            <PreviewLines preview={profilePreview} label="Licence impact of the profile" />
          </div>
        ) : null}
      </div>
      <ConfirmDialog
        open={change !== null}
        onOpenChange={(open) => !open && setChange(null)}
        title={question}
        tone={adds ? "primary" : "danger"}
        confirmLabel={confirmLabel}
        confirmDisabled={!previewAllows(changePreview)}
        onConfirm={async () => {
          if (!change) return;
          const result = await bulkUsersAction({ organizationId, userIds, change });
          if (!result.ok) return result.error;
          toast.success(`${plural(result.data.updated)} updated.`);
          onDone();
          router.refresh();
        }}
      >
        <div className="space-y-2">
          <p>
            {adds
              ? "All of them change or none does: if the change needs more seats than the pools have, nothing changes."
              : "Their seats are freed at once; the pools' capacity stays the same."}
          </p>
          <PreviewLines preview={changePreview} label="Licence impact" />
        </div>
      </ConfirmDialog>
    </div>
  );
}
