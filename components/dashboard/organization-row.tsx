import Link from "next/link";
import { HoldingBadge } from "@/components/console/pool-state-badge";
import { Badge } from "@/components/ui/badge";
import { Td, Tr } from "@/components/ui/table";
import type { OverviewOrganization } from "@/lib/console/overview-queries";

/**
 * One organization of the vendor overview: its pools worst first, each with what is full or near
 * its limit (seats, sessions, devices, API connects), and the over/full/near-limit counts.
 */
export function OrganizationRow({
  organization: o,
  href,
  contractsHref,
}: {
  organization: OverviewOrganization;
  href: string;
  contractsHref?: string;
}) {
  return (
    <Tr>
      <Td>
        <Link prefetch={false} href={href} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          {o.name}
        </Link>
        {contractsHref ? (
          <div>
            <Link
              prefetch={false}
              href={contractsHref}
              className="text-xs text-slate-500 underline underline-offset-2 hover:text-slate-800"
            >
              Contracts
            </Link>
          </div>
        ) : null}
      </Td>
      <Td className="font-mono text-xs">{o.siteId}</Td>
      <Td>
        {o.pools.length === 0 ? (
          <span className="text-slate-500">None in force</span>
        ) : (
          <ul className="flex flex-col gap-1">
            {o.pools.map((p) => (
              <li key={p.poolId} className="flex items-center gap-2">
                <span className="min-w-48">{p.moduleName}</span>
                <span className="text-slate-500 tabular-nums">
                  {p.inUse} of {p.limit}
                </span>
                {p.holdings.map((h) => (
                  <HoldingBadge key={h.kind} holding={h} />
                ))}
              </li>
            ))}
          </ul>
        )}
      </Td>
      <Td className="text-right">
        {o.overLimit > 0 ? <Badge tone="danger">{o.overLimit}</Badge> : <span className="text-slate-500">0</span>}
      </Td>
      <Td className="text-right">
        {o.full > 0 ? <Badge tone="warning">{o.full}</Badge> : <span className="text-slate-500">0</span>}
      </Td>
      <Td className="text-right">
        {o.nearLimit > 0 ? <Badge tone="warning">{o.nearLimit}</Badge> : <span className="text-slate-500">0</span>}
      </Td>
    </Tr>
  );
}
