import "server-only";
import { eq } from "drizzle-orm";
import { tokens } from "@/db/schema";
import type { Database } from "@/db/client";
import type { Actor } from "@/lib/licensing/actor";
import { LicensingError } from "@/lib/licensing/errors";
import { revokeToken } from "@/lib/licensing/tokens";

/**
 * DELETE /api/v1/manage/api-keys/{id}: revokes a contract API key (it answers 401 from then on).
 * Only contract keys are reachable here: an operator token's id is as unknown as any other.
 */
export async function revokeContractApiKey(db: Database, actor: Actor, tokenId: string) {
  const [token] = await db.select({ kind: tokens.kind }).from(tokens).where(eq(tokens.id, tokenId));
  if (token?.kind !== "contract_api_key")
    throw new LicensingError("NOT_FOUND", "That API key was not found or is already revoked.");
  return revokeToken(db, actor, tokenId);
}
