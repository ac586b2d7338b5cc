import Link from "next/link";
import { PoolStateBadge } from "@/components/console/pool-state-badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { sentenceCase } from "@/lib/console/format";
import { holdersHref } from "@/lib/console/holders-href";
import type { PoolFloatingSettings } from "@/lib/console/contract-queries";
import type { PoolUsage } from "@/lib/licensing/usage";
import { poolSettingFields } from "@/lib/validation/pool-setting-fields";
import { AutoReclaimDialog } from "./auto-reclaim-dialog";
import { CapacityDialog } from "./capacity-dialog";
import { LazyPoolSettingsDialog } from "./lazy-pool-settings-dialog";
import { ScheduledDecrease } from "./scheduled-decrease";

const capacityButtonId = (poolId: string) => `change-capacity-${poolId}`;

/** A contract's pools: model, capacity and bounds, what is in use against the limit, its state. */
export function PoolsTable({
  organizationId,
  contractId,
  renewsAt,
  pools,
  canChange,
  locale,
  floating,
  autoReclaim,
  profiles,
}: {
  organizationId: string;
  contractId: string;
  renewsAt: Date | null;
  pools: PoolUsage[];
  canChange: boolean;
  /** The viewer's locale, for the capacity dialog's cost preview. */
  locale: string;
  /** Rule 25's settings of the concurrent pools, poolId → settings (named pools have none). */
  floating: Map<string, PoolFloatingSettings>;
  /** Auto-reclaim of the named pools, poolId → days unused (null: off). */
  autoReclaim: Map<string, number | null>;
  /** The organization's profiles, named by reservations. */
  profiles: { id: string; name: string }[];
}) {
  const profileName = new Map(profiles.map((p) => [p.id, p.name]));
  return (
    <Table>
      <THead>
        <tr>
          <Th>Module</Th>
          <Th className="hidden lg:table-cell">Model</Th>
          <Th className="text-right">Capacity</Th>
          <Th className="hidden text-right lg:table-cell">Bounds</Th>
          <Th className="text-right">In use</Th>
          <Th className="hidden text-right lg:table-cell">Overage</Th>
          <Th className="hidden text-right lg:table-cell">Limit</Th>
          <Th>State</Th>
          {canChange ? <Th className="text-right">Change</Th> : null}
        </tr>
      </THead>
      <TBody>
        {pools.map((p) => (
          <Tr key={p.poolId}>
            <Td>
              <div className="font-medium text-slate-900">{p.moduleName}</div>
              {/* Below lg the secondary columns fold into this line, so Change stays on screen. */}
              <div className="text-xs text-slate-500 lg:hidden" data-testid="pool-summary">
                {sentenceCase(p.model)} · bounds {p.minCapacity} – {p.maxCapacity ?? "no max"} · overage{" "}
                {p.overagePercent}% · limit {p.limit}
              </div>
              {p.scheduledCapacity !== null && p.scheduledCapacityAt ? (
                <ScheduledDecrease
                  organizationId={organizationId}
                  contractId={contractId}
                  module={p.module}
                  moduleName={p.moduleName}
                  capacity={p.capacity}
                  scheduledCapacity={p.scheduledCapacity}
                  scheduledAt={p.scheduledCapacityAt.toISOString()}
                  minCapacity={p.minCapacity}
                  maxCapacity={p.maxCapacity}
                  canChange={canChange}
                  returnFocusToId={capacityButtonId(p.poolId)}
                />
              ) : null}
              {autoReclaim.get(p.poolId) ? (
                <div className="text-xs text-slate-600">{`Auto-reclaim after ${autoReclaim.get(p.poolId)} days unused`}</div>
              ) : null}
              {floating.get(p.poolId) ? (
                <FloatingSettingsLine settings={floating.get(p.poolId)!} profileName={profileName} />
              ) : null}
            </Td>
            <Td className="hidden lg:table-cell">{sentenceCase(p.model)}</Td>
            <Td className="text-right tabular-nums">{p.capacity}</Td>
            <Td className="hidden text-right whitespace-nowrap tabular-nums lg:table-cell">
              {p.minCapacity} – {p.maxCapacity ?? "no max"}
            </Td>
            <Td className="text-right tabular-nums">
              <Link
                prefetch={false}
                href={holdersHref(organizationId, p)}
                className="text-brand-700 underline-offset-2 hover:underline"
                title={p.model === "named" ? "Users holding a seat" : "Live sessions"}
              >
                {p.inUse}
              </Link>
            </Td>
            <Td className="hidden text-right tabular-nums lg:table-cell">{p.overagePercent}%</Td>
            <Td className="hidden text-right tabular-nums lg:table-cell">{p.limit}</Td>
            <Td>
              <PoolStateBadge state={p.state} />
            </Td>
            {canChange ? (
              <Td className="text-right">
                <CapacityDialog
                  triggerId={capacityButtonId(p.poolId)}
                  organizationId={organizationId}
                  contractId={contractId}
                  renewsAt={renewsAt ? renewsAt.toISOString() : null}
                  pool={{
                    module: p.module,
                    moduleName: p.moduleName,
                    model: p.model,
                    capacity: p.capacity,
                    minCapacity: p.minCapacity,
                    maxCapacity: p.maxCapacity,
                    overagePercent: p.overagePercent,
                    inUse: p.inUse,
                    limit: p.limit,
                    activationsPerLicense: p.activationsPerLicense,
                    extraActivations: p.extraActivations,
                    apiConnectsPerLicense: p.apiConnectsPerLicense,
                    extraApiConnects: p.extraApiConnects,
                    activationsInUse: p.activations.inUse,
                    apiConnectsUsed: p.apiConnects.used,
                  }}
                  holdersHref={holdersHref(organizationId, p)}
                  price={{ pricePerLicense: p.pricePerLicense, currency: p.currency, locale }}
                />
                {autoReclaim.has(p.poolId) ? (
                  <div className="mt-1">
                    <AutoReclaimDialog
                      organizationId={organizationId}
                      contractId={contractId}
                      module={p.module}
                      moduleName={p.moduleName}
                      days={autoReclaim.get(p.poolId) ?? null}
                    />
                  </div>
                ) : null}
                {floating.get(p.poolId) ? (
                  <div className="mt-1">
                    <LazyPoolSettingsDialog
                      organizationId={organizationId}
                      contractId={contractId}
                      pool={{ module: p.module, moduleName: p.moduleName, capacity: p.capacity }}
                      settings={floating.get(p.poolId)!}
                      profiles={profiles}
                    />
                  </div>
                ) : null}
              </Td>
            ) : null}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

/** "Idle timeout 30 min · Engineering: 2 reserved, at most 4": a concurrent pool's rule-25 settings. */
function FloatingSettingsLine({
  settings,
  profileName,
}: {
  settings: PoolFloatingSettings;
  profileName: Map<string, string>;
}) {
  const isOff = (v: number | null) => v === null || v === 0;
  const parts = poolSettingFields
    .filter((f) => !("shownWith" in f) || !isOff(settings[f.shownWith]))
    .map((f) => `${f.short} ${isOff(settings[f.name]) ? f.offText : `${settings[f.name]} ${f.unit}`}`);
  for (const r of settings.reservations) {
    const who = profileName.get(r.profileId) ?? "a removed profile";
    parts.push(`${who}: ${r.reserved} reserved${r.max === null ? "" : `, at most ${r.max}`}`);
  }
  return (
    <p className="mt-1 text-xs text-slate-500" data-testid="pool-settings">
      {parts.join(" · ")}
    </p>
  );
}
