import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import type { PoolHistory } from "@/lib/console/history-queries";
import type { UsageRange } from "@/lib/reports/ranges";
import { dataSince, rightSizingWords } from "./history-words";
import { LazyHistoryChart } from "./lazy-history-chart";
import { RightSizingCost } from "./right-sizing-cost";

const modelLabel = { named: "Named users", concurrent: "Concurrent sessions" } as const;
const averageFormat = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

const verdictTone = {
  "at-limit": "warning",
  "over-provisioned": "brand",
  fits: "success",
  "too-new": "neutral",
  "no-data": "neutral",
} as const;
const verdictLabel = {
  "at-limit": "At the limit",
  "over-provisioned": "Spare licences",
  fits: "Well sized",
  "too-new": "Too early to say",
  "no-data": "No data",
} as const;

/** One pool's history: the right-sizing answer in words, the figures, and the chart. */
const rangeDays: Record<UsageRange, number> = { "24h": 1, "30d": 30, "12mo": 365 };

/** The pool's denials over the chart's range (whole UTC days, so a little more for 24 h). */
function denialsLink(organizationId: string, poolId: string, range: UsageRange) {
  const from = new Date(Date.now() - rangeDays[range] * 86_400_000).toISOString().slice(0, 10);
  return `/denials?${new URLSearchParams({ org: organizationId, pool: poolId, from })}`;
}

export function PoolHistoryCard({
  pool,
  range,
  locale,
  organizationId,
}: {
  pool: PoolHistory;
  range: UsageRange;
  locale: string;
  organizationId: string;
}) {
  const { summary } = pool;
  const denials = pool.points.reduce((n, p) => n + p.denials, 0);
  const since = dataSince(pool.points);
  return (
    <Card aria-label={pool.moduleName}>
      <CardHeader
        title={pool.moduleName}
        description={modelLabel[pool.model]}
        action={<Badge tone={verdictTone[summary.verdict]}>{verdictLabel[summary.verdict]}</Badge>}
      />
      <CardBody className="space-y-4">
        <p className="text-sm font-medium text-slate-800" data-testid="right-sizing">
          {rightSizingWords(pool, range)}
        </p>
        <RightSizingCost pool={pool} locale={locale} />
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          {[
            ["Peak in use", summary.peak ?? "—"],
            ["Average in use", summary.average === null ? "—" : averageFormat.format(summary.average)],
            ["Capacity", pool.capacity],
            ["Denials", denials],
          ].map(([label, value]) => (
            <div key={label} className="rounded-md bg-slate-50 px-3 py-2">
              <dt className="text-xs text-slate-500">{label}</dt>
              <dd className="text-lg font-semibold text-slate-900 tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
        <LazyHistoryChart
          range={range}
          points={pool.points}
          capacity={pool.capacity}
          contractStartsAt={pool.contractStartsAt}
          label={pool.moduleName}
        />
        {denials > 0 ? (
          <p className="text-xs">
            <Link
              prefetch={false}
              href={denialsLink(organizationId, pool.poolId, range)}
              className="font-medium text-red-700 underline underline-offset-2 hover:text-red-900"
            >
              See the {denials} {denials === 1 ? "denial" : "denials"} behind the red bars
            </Link>
          </p>
        ) : null}
        {since ? (
          <p className="text-xs text-slate-600" data-testid="data-since">
            {since}. Samples are taken every 15 seconds while the server runs.
          </p>
        ) : null}
      </CardBody>
    </Card>
  );
}
