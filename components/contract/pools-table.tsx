import Link from "next/link";
import { PoolStateBadge } from "@/components/console/pool-state-badge";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { formatDate, sentenceCase } from "@/lib/console/format";
import { holdersHref } from "@/lib/console/holders-href";
import type { PoolFloatingSettings } from "@/lib/console/contract-queries";
import type { PoolUsage } from "@/lib/licensing/usage";
import { poolSettingFields } from "@/lib/validation/pool-setting-fields";
import { CapacityDialog } from "./capacity-dialog";
import { LazyPoolSettingsDialog } from "./lazy-pool-settings-dialog";

/** A contract's pools: model, capacity and bounds, what is in use against the limit, its state. */
export function PoolsTable({
  organizationId,
  contractId,
  renewsAt,
  pools,
  canChange,
  locale,
  floating,
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
  /** The organization's profiles, named by reservations. */
  profiles: { id: string; name: string }[];
}) {
  const profileName = new Map(profiles.map((p) => [p.id, p.name]));
  return (
    <Table>
      <THead>
        <tr>
          <Th>Module</Th>
          <Th>Model</Th>
          <Th className="text-right">Capacity</Th>
          <Th className="text-right">Bounds</Th>
          <Th className="text-right">In use</Th>
          <Th className="text-right">Overage</Th>
          <Th className="text-right">Limit</Th>
          <Th>State</Th>
          {canChange ? <Th className="text-right">Change</Th> : null}
        </tr>
      </THead>
      <TBody>
        {pools.map((p) => (
          <Tr key={p.poolId}>
            <Td>
              <div className="font-medium text-slate-900">{p.moduleName}</div>
              {p.scheduledCapacity !== null && p.scheduledCapacityAt ? (
                <div className="mt-1">
                  <Badge tone="brand" data-testid="scheduled-change">
                    To {p.scheduledCapacity} on {formatDate(p.scheduledCapacityAt)}
                  </Badge>
                </div>
              ) : null}
              {floating.get(p.poolId) ? (
                <FloatingSettingsLine settings={floating.get(p.poolId)!} profileName={profileName} />
              ) : null}
            </Td>
            <Td>{sentenceCase(p.model)}</Td>
            <Td className="text-right tabular-nums">{p.capacity}</Td>
            <Td className="text-right whitespace-nowrap tabular-nums">
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
            <Td className="text-right tabular-nums">{p.overagePercent}%</Td>
            <Td className="text-right tabular-nums">{p.limit}</Td>
            <Td>
              <PoolStateBadge state={p.state} />
            </Td>
            {canChange ? (
              <Td className="text-right">
                <CapacityDialog
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
