"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { previewProfileAction, setProfileModulesAction } from "@/app/(console)/profiles/actions";
import { OverHolders } from "@/components/console/over-holders";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import type { CatalogueModule, ProfileSummary } from "@/lib/console/profiles-queries";
import { ModuleSwitch } from "./module-switch";
import { ProfileMenu } from "./profile-menu";

type Impact = { module: string; moduleName: string; needed: number; available: number; ok: boolean };

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * One profile: its modules as switches, members and the seats they hold per module. Changing the
 * switches previews the licence impact (needed against available) before anything is saved; the
 * engine refuses the save when short, and that sentence shows here.
 */
export function ProfileCard({
  organizationId,
  profile,
  modules,
  canManage,
}: {
  organizationId: string;
  profile: ProfileSummary;
  modules: CatalogueModule[];
  canManage: boolean;
}) {
  const router = useRouter();
  const [chosen, setChosen] = useState<string[]>(profile.modules);
  const [impact, setImpact] = useState<Impact[] | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  // The switch changed last: Save and Cancel remove their bar, so focus goes back there.
  const lastSwitch = useRef<HTMLElement | null>(null);
  const form = useActionForm({ focusAfterSuccess: lastSwitch });
  const { pending } = form;
  const error = form.error ?? previewError;
  const request = useRef(0);
  const dirty = !sameSet(chosen, profile.modules);
  const removed = profile.modules.filter((k) => !chosen.includes(k));
  // A shown shortage: saving would only be refused (the bulk bar disables its Confirm the same way).
  const short = impact?.some((m) => !m.ok) ?? false;
  const freed = removed.reduce((n, k) => n + (profile.seats[k] ?? 0), 0);

  async function toggle(key: string, on: boolean) {
    const next = on ? [...chosen, key] : chosen.filter((k) => k !== key);
    setChosen(next);
    setPreviewError(null);
    form.reset();
    if (document.activeElement instanceof HTMLElement) lastSwitch.current = document.activeElement;
    const mine = ++request.current;
    if (sameSet(next, profile.modules)) return setImpact(null);
    const result = await previewProfileAction({ organizationId, profileId: profile.id, modules: next });
    if (mine !== request.current) return;
    if (result.ok) setImpact(result.data.filter((m) => m.needed > 0));
    else setPreviewError(result.error);
  }

  async function save() {
    const saved = await form.run(async () => {
      const result = await setProfileModulesAction({ organizationId, profileId: profile.id, modules: chosen });
      return result.ok ? { ...result, message: `${profile.name}: modules saved.` } : result;
    });
    if (saved === null) return;
    setImpact(null);
    router.refresh();
  }

  function cancel() {
    request.current++;
    setChosen(profile.modules);
    setImpact(null);
    setPreviewError(null);
    form.reset();
    lastSwitch.current?.focus();
  }

  return (
    <Card
      aria-label={profile.name}
      className="overflow-hidden"
      onKeyDown={(e) => {
        if (e.key === "Escape" && dirty && !pending) cancel();
      }}
    >
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-3">
        <div className="min-w-0">
          <h2 className="truncate text-base font-semibold text-slate-900">{profile.name}</h2>
          <p className="text-sm text-slate-500">
            {plural(profile.members, "member")}
            {chosen.length === 0 ? " · no modules: members keep their login and hold no licence" : null}
          </p>
        </div>
        {canManage ? <ProfileMenu organizationId={organizationId} profile={profile} /> : null}
      </div>
      <div className="px-5 py-3">
        <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Modules granted</h3>
        {modules.length === 0 ? (
          <p className="text-sm text-slate-500">The organization has no licence pools, so there is nothing to grant.</p>
        ) : (
          <ul className="grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
            {modules.map((m) => {
              const on = chosen.includes(m.key);
              return (
                <li
                  key={m.key}
                  className="flex items-center justify-between gap-3 rounded-md border border-slate-200 px-3 py-2"
                >
                  <span className="min-w-0">
                    <span className="block truncate text-sm font-medium text-slate-800">{m.name}</span>
                    <span className="block text-xs text-slate-500">
                      {m.model === "named"
                        ? `${plural(profile.seats[m.key] ?? 0, "seat")} held by members`
                        : "Concurrent: seats held by live sessions"}
                    </span>
                    {profile.overHolders[m.key]?.length ? (
                      <span className="block text-xs text-red-800">
                        <OverHolders
                          organizationId={organizationId}
                          holders={profile.overHolders[m.key]!}
                          lead="Members beyond the limit:"
                        />
                      </span>
                    ) : null}
                  </span>
                  {canManage ? (
                    <ModuleSwitch
                      label={`${m.name} for ${profile.name}`}
                      checked={on}
                      disabled={pending}
                      onChange={(next) => toggle(m.key, next)}
                    />
                  ) : (
                    <Badge tone={on ? "brand" : "neutral"}>{on ? "Granted" : "Not granted"}</Badge>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
      {dirty ? (
        <div data-action-form className="space-y-3 border-t border-slate-100 bg-slate-50 px-5 py-3">
          <div role="status" aria-label="Licence impact" className="space-y-1 text-sm">
            {impact === null ? <p className="text-slate-500">Working out the licence impact…</p> : null}
            {impact?.map((m) => (
              <p key={m.module} className={m.ok ? "text-slate-700" : "font-medium text-red-700"}>
                {m.moduleName}: {m.needed} needed, {m.available} available{m.ok ? "" : " — not enough licences"}
              </p>
            ))}
            {impact && impact.length === 0 && freed === 0 ? (
              <p className="text-slate-700">No licence is needed for this change.</p>
            ) : null}
            {freed > 0 ? <p className="text-slate-700">Removing modules frees {plural(freed, "seat")}.</p> : null}
          </div>
          <FormError message={error} />
          <div className="flex gap-2">
            <Button onClick={save} disabled={pending || short}>
              {pending ? "Saving…" : "Save modules"}
            </Button>
            <Button variant="secondary" onClick={cancel} disabled={pending}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
    </Card>
  );
}
