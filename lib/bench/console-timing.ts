import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Database } from "@/db/client";
import { listLiveSessions, listUsers } from "@/lib/console/queries";
import { poolUsages } from "@/lib/licensing/usage";
import { timeRepeated, type Timing } from "./stats";

// Server time of the console's data at scale: the lib functions the pages call, timed in-process.
// The console's query modules are written alongside the bench; each is used when it exists, and
// the first listing of lib/console/queries.ts stands in otherwise.

type QueryFn = (db: Database, organizationId: string, ...rest: unknown[]) => Promise<unknown>;

/** An exported function of a console query module, when that module and export exist. */
async function optional(file: string, name: string): Promise<QueryFn | undefined> {
  const full = path.join(process.cwd(), file);
  if (!fs.existsSync(full)) return undefined;
  const mod = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
  return typeof mod[name] === "function" ? (mod[name] as QueryFn) : undefined;
}

export type QueryTiming = Timing & { query: string; source: string; target?: number };

export const DASHBOARD_TARGET_MS = 50;
export const USERS_PAGE_TARGET_MS = 100;

export async function timeConsoleQueries(db: Database, organizationId: string, runs = 15): Promise<QueryTiming[]> {
  const out: QueryTiming[] = [];
  const time = async (query: string, source: string, work: () => Promise<unknown>, target?: number) => {
    out.push({ query, source, target, ...(await timeRepeated(work, runs)) });
  };

  await time("dashboard: pool usages", "lib/licensing/usage.ts poolUsages", () => poolUsages(db, { organizationId }), DASHBOARD_TARGET_MS);
  const dashboard = await optional("lib/console/dashboard-queries.ts", "dashboardData");
  if (dashboard) await time("dashboard: full data", "lib/console/dashboard-queries.ts dashboardData", () => dashboard(db, organizationId), DASHBOARD_TARGET_MS);

  for (const page of await usersPages()) await time(page.query, page.source, () => page.run(db, organizationId), USERS_PAGE_TARGET_MS);

  const sessions = await optional("lib/console/sessions-queries.ts", "liveSessions");
  if (sessions) await time("sessions table", "lib/console/sessions-queries.ts liveSessions", () => sessions(db, organizationId));
  else await time("sessions table", "lib/console/queries.ts listLiveSessions", () => listLiveSessions(db, organizationId));

  const history = await optional("lib/console/history-queries.ts", "usageHistory");
  if (history) {
    for (const range of ["24h", "30d", "12mo"]) await time(`history ${range}`, "lib/console/history-queries.ts usageHistory", () => history(db, organizationId, range));
  }
  return out;
}

type UsersPage = { query: string; source: string; run: (db: Database, organizationId: string) => Promise<unknown> };

/** First, middle and filtered users pages (the users-queries module), or the first listing. */
async function usersPages(): Promise<UsersPage[]> {
  const file = "lib/console/users-queries.ts";
  const page = (await optional(file, "listUsersPage")) ?? (await optional(file, "usersPage")) ?? (await optional(file, "searchUsers"));
  if (!page) return [{ query: "users page (first)", source: "lib/console/queries.ts listUsers", run: (db, org) => listUsers(db, org) }];
  const source = `${file} ${page.name}`;
  return [
    { query: "users page (first)", source, run: (db, org) => page(db, org, { page: 1 }) },
    { query: "users page (middle)", source, run: (db, org) => page(db, org, { page: 1000 }) },
    { query: "users page (filtered)", source, run: (db, org) => page(db, org, { q: "user0999", status: "active", page: 1 }) },
  ];
}

/** Dashboard data time alone (for cost growth). */
export async function timeDashboard(db: Database, organizationId: string, runs = 15): Promise<Timing> {
  const dashboard = await optional("lib/console/dashboard-queries.ts", "dashboardData");
  return timeRepeated(() => (dashboard ? dashboard(db, organizationId) : poolUsages(db, { organizationId })), runs);
}
