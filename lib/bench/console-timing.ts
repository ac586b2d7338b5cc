import type { Database } from "@/db/client";
import { auditPage, parseAuditFilter } from "@/lib/console/audit-queries";
import { dashboardData } from "@/lib/console/dashboard-queries";
import { denialsPage, type DenialFilter } from "@/lib/console/denials-queries";
import { usageHistory, usageRanges } from "@/lib/console/history-queries";
import { liveSessionsView } from "@/lib/console/sessions-queries";
import { listUsersPage, parseUserFilters, USERS_PAGE_SIZE } from "@/lib/console/users-queries";
import { poolUsages } from "@/lib/licensing/usage";
import { timeRepeated, type Timing } from "./stats";

// Server time of the console's data at scale: the same lib functions the pages call (imported, so
// a renamed query breaks the build and the smoke test instead of silently dropping a figure).

export type QueryTiming = Timing & { query: string; source: string; target?: number };

export const DASHBOARD_TARGET_MS = 50;
export const USERS_PAGE_TARGET_MS = 100;
/** The denials and audit pages: a list page of the console, the users page's budget. */
export const LOG_PAGE_TARGET_MS = 100;

/** A keyset cursor half a year back: a deep page costs what the first does. */
const halfYearBack = () => `${new Date(Date.now() - 182 * 86_400_000).toISOString()}_9999999999`;

type Measured = {
  query: string;
  source: string;
  target?: number;
  run: (db: Database, organizationId: string) => Promise<unknown>;
};

/** What the bench times, for an organization of `users` users: pages and filters as a person would use them. */
export function consoleQueries(users: number): Measured[] {
  const middlePage = Math.max(1, Math.ceil(users / USERS_PAGE_SIZE / 2));
  const usersPage = (params: Record<string, string>) => (db: Database, org: string) =>
    listUsersPage(db, org, parseUserFilters(params));
  return [
    {
      query: "dashboard data",
      source: "dashboardData",
      target: DASHBOARD_TARGET_MS,
      run: (db, org) => dashboardData(db, org),
    },
    {
      query: "dashboard: pool usages alone",
      source: "poolUsages",
      target: DASHBOARD_TARGET_MS,
      run: (db, org) => poolUsages(db, { organizationId: org }),
    },
    { query: "users page (first)", source: "listUsersPage", target: USERS_PAGE_TARGET_MS, run: usersPage({}) },
    {
      query: `users page (middle, page ${middlePage})`,
      source: "listUsersPage",
      target: USERS_PAGE_TARGET_MS,
      run: usersPage({ page: String(middlePage) }),
    },
    {
      query: "users page (search + status)",
      source: "listUsersPage",
      target: USERS_PAGE_TARGET_MS,
      run: usersPage({ q: "user0999", status: "active" }),
    },
    {
      query: "users page (module + holds a seat)",
      source: "listUsersPage",
      target: USERS_PAGE_TARGET_MS,
      run: usersPage({ module: "bench-cases", seat: "yes" }),
    },
    ...(
      [
        ["denials page (first)", {}],
        ["denials page (half a year back, keyset)", { before: halfYearBack() }],
        ["denials page (user)", { user: "user000123" }],
        ["denials page (device)", { device: "bench-device-42" }],
        ["denials page (code + dates)", { code: "DEVICE_LIMIT_REACHED", from: "2026-01-01", to: "2026-03-31" }],
      ] as [string, DenialFilter][]
    ).map(([query, filter]): Measured => ({
      query,
      source: "denialsPage",
      target: LOG_PAGE_TARGET_MS,
      run: (db, org) => denialsPage(db, org, filter),
    })),
    ...(
      [
        ["audit page (first)", {}],
        ["audit page (action)", { action: "user.update" }],
      ] as [string, Record<string, string>][]
    ).map(([query, params]): Measured => ({
      query,
      source: "auditPage",
      target: LOG_PAGE_TARGET_MS,
      run: (db, org) => auditPage(db, org, parseAuditFilter(params)),
    })),
    { query: "sessions table", source: "liveSessionsView", run: (db, org) => liveSessionsView(db, org, {}) },
    ...usageRanges.map((range): Measured => ({
      query: `history ${range}`,
      source: "usageHistory",
      run: (db, org) => usageHistory(db, org, range),
    })),
  ];
}

export async function timeConsoleQueries(
  db: Database,
  organizationId: string,
  users: number,
  runs = 15,
): Promise<QueryTiming[]> {
  const out: QueryTiming[] = [];
  for (const q of consoleQueries(users))
    out.push({
      query: q.query,
      source: q.source,
      target: q.target,
      ...(await timeRepeated(() => q.run(db, organizationId), runs)),
    });
  return out;
}

/** Dashboard data time alone (for cost growth). */
export function timeDashboard(db: Database, organizationId: string, runs = 15): Promise<Timing> {
  return timeRepeated(() => dashboardData(db, organizationId), runs);
}
