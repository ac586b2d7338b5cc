import Link from "next/link";
import { PoolStateBadge } from "@/components/console/pool-state-badge";
import { Card } from "@/components/ui/card";
import { UsageBar } from "@/components/ui/usage-bar";
import type { DashboardPool } from "@/lib/console/dashboard-queries";
import { formatDuration, monthName } from "@/lib/console/format";
import { Sparkline } from "./sparkline";

const modelLabel = { named: "Named users", concurrent: "Concurrent sessions" } as const;
const heldBy = { named: "seats held by users", concurrent: "seats held by live sessions" } as const;
const statusLabel = { active: "Active", upcoming: "Upcoming", suspended: "Suspended", expired: "Expired" } as const;

function Figure({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className="text-right text-slate-700 tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </>
  );
}

/** "4 of 5", in red once the limit is reached. */
function UsedUp({ held, limit }: { held: number; limit: number }) {
  const isUsedUp = held >= limit;
  return (
    <span className={isUsedUp ? "font-medium text-red-700" : undefined}>
      {held} of {limit}
      {isUsedUp ? (held > limit ? " (over)" : " (all used)") : ""}
    </span>
  );
}

function contractLine(contract: DashboardPool["contract"]) {
  const ends =
    contract.daysToEnd === null
      ? "no end date"
      : contract.daysToEnd === 0
        ? "ends today"
        : `ends in ${contract.daysToEnd} ${contract.daysToEnd === 1 ? "day" : "days"}`;
  return `${contract.plan ?? "Custom contract"} · ${statusLabel[contract.status]} · ${ends}`;
}

/** The pool's denials since yesterday (UTC), which covers the last 24 hours. */
function denialsLink(organizationId: string, poolId: string) {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  return `/denials?${new URLSearchParams({ org: organizationId, pool: poolId, from: yesterday })}`;
}

/** One licence pool: what it holds against its limit, coloured by state, and the figures around it. */
export function PoolCard({ pool, organizationId }: { pool: DashboardPool; organizationId: string }) {
  const endsSoon = pool.contract.daysToEnd !== null && pool.contract.daysToEnd <= 30;
  return (
    <Card className="flex h-full flex-col gap-3 p-5" aria-label={pool.moduleName}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="truncate font-semibold text-slate-900">{pool.moduleName}</h2>
          <p className="text-xs text-slate-500">{modelLabel[pool.model]}</p>
        </div>
        <PoolStateBadge state={pool.state} />
      </div>
      <div>
        <p className="text-sm text-slate-700" data-testid="pool-in-use">
          <span className="text-2xl font-semibold text-slate-900 tabular-nums">{pool.inUse}</span> of{" "}
          <span className="tabular-nums">{pool.limit}</span> used
        </p>
        <p className="text-xs text-slate-500">
          {heldBy[pool.model]}
          {pool.limit !== pool.capacity ? ` · capacity ${pool.capacity} + ${pool.overagePercent}% overage` : ""} ·
          warning at {pool.warningThresholdPercent}%
        </p>
      </div>
      <UsageBar value={pool.inUse} max={pool.limit} state={pool.seatState} label={pool.moduleName} />
      <Sparkline trace={pool.lastDay} capacity={pool.capacity} inUse={pool.inUse} />
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 pt-1 text-xs text-slate-500">
        <Figure label="Live sessions" value={pool.liveSessions} testId="pool-live-sessions" />
        <Figure label="Today's peak" value={pool.todayPeak} testId="pool-today-peak" />
        <Figure
          label="Denials (24 h)"
          value={
            pool.denials24h > 0 ? (
              <Link
                href={denialsLink(organizationId, pool.poolId)}
                className="font-medium text-red-700 underline underline-offset-2 hover:text-red-900"
                aria-label={`${pool.denials24h} denials in the last 24 hours: see them`}
              >
                {pool.denials24h}
              </Link>
            ) : (
              0
            )
          }
          testId="pool-denials"
        />
        {pool.floating ? (
          <>
            <Figure
              label="Waiting in line"
              value={
                pool.floating.queueLength > 0
                  ? `${pool.floating.queueLength} · longest ${formatDuration(pool.floating.longestWaitMs / 1000)}`
                  : 0
              }
              testId="pool-queue"
            />
            <Figure label="Idle sessions" value={pool.floating.idleSessions} testId="pool-idle" />
            <Figure label="Seats reclaimable now" value={pool.floating.reclaimableSeats} testId="pool-reclaimable" />
          </>
        ) : null}
        {pool.activations.limit > 0 ? (
          <Figure
            label="Devices"
            value={<UsedUp held={pool.activations.inUse} limit={pool.activations.limit} />}
            testId="pool-devices"
          />
        ) : null}
        {pool.apiConnects.limit > 0 ? (
          <Figure
            label={`API connects this month (${monthName(pool.apiConnects.period)})`}
            value={<UsedUp held={pool.apiConnects.used} limit={pool.apiConnects.limit} />}
          />
        ) : null}
      </dl>
      <p
        className={`mt-auto border-t border-slate-100 pt-3 text-xs ${endsSoon ? "font-medium text-amber-800" : "text-slate-500"}`}
      >
        {contractLine(pool.contract)}
      </p>
    </Card>
  );
}
