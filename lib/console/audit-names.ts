import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  consoleAccounts,
  contracts,
  licensePools,
  modules,
  organizations,
  plans,
  profiles,
  tokens,
  users,
} from "@/db/schema";

// Names beside ids in the audit log (SPEC §5 "Audit shows names instead of ids"): every uuid an
// event of the page names — its target, and ids inside its before/after (profileId, poolId…) —
// looked up once per table for the whole page. Deleted objects keep their id only.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function collect(value: unknown, into: Set<string>) {
  if (typeof value === "string") {
    if (UUID.test(value)) into.add(value);
  } else if (Array.isArray(value)) value.forEach((v) => collect(v, into));
  else if (typeof value === "object" && value !== null) Object.values(value).forEach((v) => collect(v, into));
}

/** A name per id found on these events (users, profiles, modules, pools, contracts, plans, tokens, organizations, staff accounts). */
export async function auditNames(
  db: Database,
  events: { targetId: string | null; before: unknown; after: unknown }[],
): Promise<Record<string, string>> {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.targetId) collect(e.targetId, ids);
    collect(e.before, ids);
    collect(e.after, ids);
  }
  if (ids.size === 0) return {};
  const list = [...ids];
  const found = await Promise.all([
    db.select({ id: users.id, name: users.username }).from(users).where(inArray(users.id, list)),
    db.select({ id: profiles.id, name: profiles.name }).from(profiles).where(inArray(profiles.id, list)),
    db.select({ id: modules.id, name: modules.name }).from(modules).where(inArray(modules.id, list)),
    db
      .select({ id: licensePools.id, name: modules.name })
      .from(licensePools)
      .innerJoin(modules, eq(modules.id, licensePools.moduleId))
      .where(inArray(licensePools.id, list)),
    db
      .select({ id: contracts.id, name: plans.name })
      .from(contracts)
      .leftJoin(plans, eq(plans.id, contracts.planId))
      .where(inArray(contracts.id, list)),
    db.select({ id: plans.id, name: plans.name }).from(plans).where(inArray(plans.id, list)),
    db.select({ id: tokens.id, name: tokens.name }).from(tokens).where(inArray(tokens.id, list)),
    db
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(inArray(organizations.id, list)),
    db
      .select({ id: consoleAccounts.id, name: consoleAccounts.email })
      .from(consoleAccounts)
      .where(inArray(consoleAccounts.id, list)),
  ]);
  const names: Record<string, string> = {};
  const [u, p, m, lp, c, pl, t, o, a] = found;
  for (const r of u) names[r.id] = r.name;
  for (const r of p) names[r.id] = r.name;
  for (const r of m) names[r.id] = r.name;
  for (const r of lp) names[r.id] = `${r.name} pool`;
  for (const r of c) names[r.id] = r.name ? `${r.name} contract` : "Custom contract";
  for (const r of pl) names[r.id] = r.name;
  for (const r of t) names[r.id] = r.name;
  for (const r of o) names[r.id] = r.name;
  for (const r of a) names[r.id] = r.name;
  return names;
}
