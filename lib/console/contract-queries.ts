import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contracts, tokens } from "@/db/schema";

// Reads of the contract page beyond listContracts (queries.ts): the contract API keys, and which
// organization a contract belongs to (createApiKey takes no scope, so the action checks it here).

/** The organization's contract API keys, newest first, revoked ones included (they say so). */
export function listApiKeys(db: Database, organizationId: string) {
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
    .where(and(eq(tokens.organizationId, organizationId), eq(tokens.kind, "contract_api_key")))
    // Keys still in use first, then the revoked ones.
    .orderBy(sql`${tokens.revokedAt} is not null`, desc(tokens.createdAt));
}
export type ApiKeyRow = Awaited<ReturnType<typeof listApiKeys>>[number];

/** Whether a contract belongs to the organization (a crafted id from elsewhere answers false). */
export async function contractBelongsTo(db: Database, contractId: string, organizationId: string) {
  const [row] = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.id, contractId), eq(contracts.organizationId, organizationId)));
  return row !== undefined;
}
