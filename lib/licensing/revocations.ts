import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";

/** The PostgreSQL channel on which revocations reach every instance (lib/runtime/revocation-listener.ts). */
export const REVOCATION_CHANNEL = "seatkeeper_revocations";

export type RevocationNotice = { tokenId: string } | { contractId: string };

/**
 * Tells every instance that a token was revoked or a contract changed status, so none keeps
 * honouring a remembered key. Sent inside the revoking transaction: PostgreSQL delivers it at
 * commit, and not at all when the transaction rolls back.
 */
export async function notifyRevocation(tx: Executor, notice: RevocationNotice) {
  await tx.execute(sql`select pg_notify(${REVOCATION_CHANNEL}, ${JSON.stringify(notice)})`);
}
