"use client";

import { useQuery } from "@tanstack/react-query";
import { Table, TBody, Th, THead } from "@/components/ui/table";
import type { VendorOverview } from "@/lib/console/overview-queries";
import { OrganizationRow } from "./organization-row";

const REFRESH_MS = 3_000;

async function fetchOverview(search: string, page: number): Promise<VendorOverview> {
  const query = new URLSearchParams({ q: search, page: String(page) });
  const response = await fetch(`/organizations/data?${query}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`The organizations could not be refreshed (HTTP ${response.status}).`);
  return (await response.json()) as VendorOverview;
}

/**
 * The vendor overview's table, refreshed every few seconds while the tab is visible, so "who is
 * over right now" needs no reload. The first data comes from the server render.
 */
export function LiveOrganizations({
  initialData,
  area,
  isChoosing,
}: {
  initialData: VendorOverview;
  /** The organization page a name opens (the dashboard, or the area being chosen for). */
  area: string;
  isChoosing: boolean;
}) {
  const { data, isError } = useQuery({
    queryKey: ["organizations", initialData.search, initialData.page],
    queryFn: () => fetchOverview(initialData.search, initialData.page),
    initialData,
    initialDataUpdatedAt: Date.parse(initialData.generatedAt),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
  });
  return (
    <>
      <p className="px-4 pt-3 text-xs text-slate-600" role={isError ? "alert" : undefined}>
        {isError ? "Live updates paused: the server could not be reached. " : "Live · "}
        updated <time dateTime={data.generatedAt}>{new Date(data.generatedAt).toISOString().slice(11, 19)} UTC</time>
      </p>
      <Table aria-label="Organizations">
        <THead>
          <tr>
            <Th>Organization</Th>
            <Th>Site ID</Th>
            <Th>Licence pools</Th>
            <Th className="text-right">Over limit</Th>
            <Th className="text-right">Full</Th>
            <Th className="text-right">Near limit</Th>
          </tr>
        </THead>
        <TBody>
          {data.organizations.map((o) => (
            <OrganizationRow
              key={o.id}
              organization={o}
              href={`${area}?org=${o.id}`}
              contractsHref={isChoosing ? undefined : `/organizations/${o.id}`}
            />
          ))}
        </TBody>
      </Table>
    </>
  );
}
