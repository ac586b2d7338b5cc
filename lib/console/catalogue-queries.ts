import "server-only";
import { desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { storableText } from "@/lib/validation/text";
import type { Database } from "@/db/client";
import { organizations, tokens } from "@/db/schema";

// Vendor-wide reads of the operator pages: operator tokens and the organization search. The
// catalogue itself (modules, plans) is listCatalogue in vendor-queries.ts.

/** Tokens as the token tables show them: newest first, those still in use before the revoked. */
export function listTokens(db: Database, where: SQL | undefined) {
  return db
    .select({
      id: tokens.id,
      contractId: tokens.contractId,
      name: tokens.name,
      prefix: tokens.prefix,
      createdBy: tokens.createdBy,
      createdAt: tokens.createdAt,
      lastUsedAt: tokens.lastUsedAt,
      revokedAt: tokens.revokedAt,
    })
    .from(tokens)
    .where(where)
    .orderBy(sql`${tokens.revokedAt} is not null`, desc(tokens.createdAt));
}

/** Operator tokens for the management API. */
export const listOperatorTokens = (db: Database) => listTokens(db, eq(tokens.kind, "operator"));

export const ORGANIZATION_SEARCH_LIMIT = 50;

/** Organizations whose name or site ID contains the text, by name. */
export function searchOrganizations(db: Database, typed: string) {
  const text = storableText(typed) ?? "";
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      siteId: organizations.siteId,
      createdAt: organizations.createdAt,
    })
    .from(organizations)
    .where(text ? or(ilike(organizations.name, pattern), ilike(organizations.siteId, pattern)) : undefined)
    .orderBy(sql`lower(${organizations.name})`)
    .limit(ORGANIZATION_SEARCH_LIMIT);
}
