import "server-only";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contracts, tokens } from "@/db/schema";
import { listTokens } from "./catalogue-queries";

// Reads of the contract page beyond listContracts (queries.ts): the contract API keys, and which
// organization a contract belongs to (createApiKey takes no scope, so the action checks it here).

/** The organization's contract API keys, newest first, revoked ones included (they say so). */
export const listApiKeys = (db: Database, organizationId: string) =>
  listTokens(db, and(eq(tokens.organizationId, organizationId), eq(tokens.kind, "contract_api_key")));
export type ApiKeyRow = Awaited<ReturnType<typeof listApiKeys>>[number];

/** Whether a contract belongs to the organization (a crafted id from elsewhere answers false). */
export async function contractBelongsTo(db: Database, contractId: string, organizationId: string) {
  const [row] = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.id, contractId), eq(contracts.organizationId, organizationId)));
  return row !== undefined;
}
