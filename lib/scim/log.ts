import "server-only";
import { and, desc, eq, gte, ilike, lt, or, type SQL } from "drizzle-orm";
import { denials, modules, scimRequests, tokens } from "@/db/schema";
import type { Database } from "@/db/client";
import { storableText } from "@/lib/validation/text";
import type { ScimActor } from "./actor";

// The provisioning log: one row per SCIM request with the token that sent it and what it changed,
// or the refusal's sentence. Written after the request's own transaction (a refusal rolled that
// back), and pruned with the audit events (lib/runtime/retention.ts).

export type ScimOutcome = "changed" | "unchanged" | "refused" | "failed";
export const scimOutcomes: ScimOutcome[] = ["changed", "unchanged", "refused", "failed"];

export type ScimLogEntry = {
  method: string;
  path: string;
  status: number;
  outcome: ScimOutcome;
  summary: string;
  details?: Record<string, unknown>;
};

export async function recordScimRequest(db: Database, actor: ScimActor, entry: ScimLogEntry) {
  await db.insert(scimRequests).values({
    organizationId: actor.organizationId,
    tokenId: actor.id,
    tokenName: actor.name,
    method: entry.method,
    path: storableText(entry.path, 500) ?? "",
    status: entry.status,
    outcome: entry.outcome,
    summary: storableText(entry.summary, 2000) ?? "",
    details: entry.details ?? null,
  });
}

export const SCIM_LOG_PAGE_SIZE = 50;

export type ScimLogFilter = { outcome?: ScimOutcome; tokenId?: string; q?: string; before?: number };

/** A page of an organization's provisioning log, newest first, keyset-paged by id. */
export async function listScimRequests(db: Database, organizationId: string, filter: ScimLogFilter = {}) {
  const conditions: (SQL | undefined)[] = [eq(scimRequests.organizationId, organizationId)];
  if (filter.outcome) conditions.push(eq(scimRequests.outcome, filter.outcome));
  if (filter.tokenId) conditions.push(eq(scimRequests.tokenId, filter.tokenId));
  if (filter.q)
    conditions.push(or(ilike(scimRequests.summary, `%${filter.q}%`), ilike(scimRequests.path, `%${filter.q}%`)));
  if (filter.before) conditions.push(lt(scimRequests.id, filter.before));
  const rows = await db
    .select()
    .from(scimRequests)
    .where(and(...conditions))
    .orderBy(desc(scimRequests.id))
    .limit(SCIM_LOG_PAGE_SIZE + 1);
  return {
    rows: rows.slice(0, SCIM_LOG_PAGE_SIZE),
    nextBefore: rows.length > SCIM_LOG_PAGE_SIZE ? rows[SCIM_LOG_PAGE_SIZE - 1]!.id : null,
  };
}

/** The organization's SCIM tokens by name, for the log's filter. */
export async function scimTokenNames(db: Database, organizationId: string) {
  return db
    .select({ id: tokens.id, name: tokens.name })
    .from(tokens)
    .where(and(eq(tokens.organizationId, organizationId), eq(tokens.kind, "scim")))
    .orderBy(tokens.name);
}

export type DirectoryShortage = { tokenName: string; moduleName: string; wanted: number };

/**
 * How many more licences than there are the directory asked for today, per token and module: the
 * largest shortfall (needed − available) of the day's refusals; a directory retries the same
 * change, so they are not added up.
 */
export async function directoryShortagesToday(db: Database, organizationId: string): Promise<DirectoryShortage[]> {
  const since = new Date();
  since.setUTCHours(0, 0, 0, 0);
  const rows = await db
    .select({ actor: denials.actor, moduleName: modules.name, moduleKey: modules.key, details: denials.details })
    .from(denials)
    .innerJoin(modules, eq(modules.id, denials.moduleId))
    .where(
      and(eq(denials.organizationId, organizationId), eq(denials.kind, "directory"), gte(denials.createdAt, since)),
    );
  const largest = new Map<string, DirectoryShortage>();
  for (const r of rows) {
    const shortages = (r.details?.shortages ?? []) as { module?: string; needed?: number; available?: number }[];
    const shortage = shortages.find((s) => s.module === r.moduleKey);
    const wanted = (shortage?.needed ?? 0) - (shortage?.available ?? 0);
    const tokenName = r.actor.replace(/^scim:/, "");
    const key = `${tokenName}\u0000${r.moduleName}`;
    if (wanted > (largest.get(key)?.wanted ?? 0)) largest.set(key, { tokenName, moduleName: r.moduleName, wanted });
  }
  return [...largest.values()].sort(
    (a, b) => a.tokenName.localeCompare(b.tokenName) || a.moduleName.localeCompare(b.moduleName),
  );
}
