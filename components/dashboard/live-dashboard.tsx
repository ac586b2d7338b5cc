"use client";

import { useQuery } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { DashboardData } from "@/lib/console/dashboard-queries";
import { LimitBanner } from "./limit-banner";
import { PoolCard } from "./pool-card";

const REFRESH_MS = 3_000;

async function fetchDashboard(organizationId: string): Promise<DashboardData> {
  const response = await fetch(`/dashboard/data?org=${encodeURIComponent(organizationId)}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`The dashboard could not be refreshed (HTTP ${response.status}).`);
  return (await response.json()) as DashboardData;
}

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/**
 * The dashboard's pools and banner, refreshed every few seconds while the tab is visible. The
 * first data comes from the server render, so nothing flashes empty.
 */
export function LiveDashboard({ initialData }: { initialData: DashboardData }) {
  const organizationId = initialData.organizationId;
  const { data, isError } = useQuery({
    queryKey: ["dashboard", organizationId],
    queryFn: () => fetchDashboard(organizationId),
    initialData,
    initialDataUpdatedAt: Date.parse(initialData.generatedAt),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
  });

  return (
    <>
      {isError ? (
        <div
          role="alert"
          data-testid="live-paused"
          className="mb-4 rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          <p className="font-semibold">Live updates paused: the server could not be reached.</p>
          <p>
            The figures below may be stale: they are from{" "}
            <time dateTime={data.generatedAt}>{timeFormat.format(new Date(data.generatedAt))} UTC</time>. They update
            again as soon as the server answers.
          </p>
        </div>
      ) : (
        <p className="-mt-4 mb-4 text-xs text-slate-600">
          Live · updated <time dateTime={data.generatedAt}>{timeFormat.format(new Date(data.generatedAt))} UTC</time>
        </p>
      )}
      <LimitBanner organizationId={organizationId} alerts={data.alerts} />
      {data.pools.length === 0 ? (
        <Card>
          <EmptyState title="No licence pools in force">
            This organization has no active contract with licence pools. Pools appear here as soon as a contract is
            provisioned.
          </EmptyState>
        </Card>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Licence pools">
          {data.pools.map((pool) => (
            <li key={pool.poolId}>
              <PoolCard pool={pool} organizationId={organizationId} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
