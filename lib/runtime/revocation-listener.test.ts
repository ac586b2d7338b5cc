import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { postgresClient } from "@/db/client";
import { REVOCATION_CHANNEL } from "@/lib/licensing/revocations";
import { authenticateToken, createApiKey, revokeToken } from "@/lib/licensing/tokens";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { onPostgres, testDb } from "@/lib/testing/db";
import { listenForRevocations } from "./revocation-listener";

const until = async (condition: () => Promise<boolean>, ms: number) => {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > ms) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
};

describe("revocations", () => {
  it("refuses a revoked key at once in the instance that revoked it", async () => {
    const db = await testDb();
    const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 1 }] });
    const { apiKey, secret } = await createApiKey(db, testOperator, f.contract.id, "revoked here");
    expect(await authenticateToken(db, secret)).not.toBeNull();
    await revokeToken(db, testOperator, apiKey.id);
    expect(await authenticateToken(db, secret)).toBeNull();
  });

  it.skipIf(!onPostgres())("refuses a remembered key within 1 s when another instance revokes it", async () => {
    const db = await testDb();
    const stopListening = await listenForRevocations(postgresClient()!);
    // Another instance: its own connection, revoking and notifying in one transaction as revokeToken does.
    const other = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 1 }] });
      const { apiKey, secret } = await createApiKey(db, testOperator, f.contract.id, "revoked elsewhere");
      expect(await authenticateToken(db, secret)).not.toBeNull();
      await other.begin(async (tx) => {
        await tx`update tokens set revoked_at = now() where id = ${apiKey.id}`;
        await tx`select pg_notify(${REVOCATION_CHANNEL}, ${JSON.stringify({ tokenId: apiKey.id })})`;
      });
      const revokedAt = Date.now();
      // Without the notice, the remembered key would be accepted for another 5 s.
      expect(await until(async () => (await authenticateToken(db, secret)) === null, 1_000)).toBe(true);
      expect(Date.now() - revokedAt).toBeLessThan(1_000);
    } finally {
      await stopListening();
      await other.end({ timeout: 1 });
    }
  });
});
