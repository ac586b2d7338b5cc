import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { tokens } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { authenticateToken, createApiKey, createOperatorToken, revokeToken } from "./tokens";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

describe("tokens", () => {
  it("a contract key authenticates as its contract; only its hash is stored", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "tok", model: "concurrent", capacity: 1 }] });
    const { secret, apiKey } = await createApiKey(db, testOperator, f.contract.id, "desk");
    expect(secret).toMatch(/^sk_live_/);
    const [row] = await db.select().from(tokens).where(eq(tokens.id, apiKey.id));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(await authenticateToken(db, secret)).toMatchObject({
      kind: "contract_api_key",
      contractId: f.contract.id,
      organizationId: f.organization.id,
    });
    expect(await authenticateToken(db, `${secret}x`)).toBeNull();
  });

  it("a remembered token is refused at once after it is revoked", async () => {
    const { secret, token } = await createOperatorToken(db, testOperator, "ops");
    expect(await authenticateToken(db, secret)).toMatchObject({ kind: "operator" });
    // Remembered now: the next call reads no row.
    expect(await authenticateToken(db, secret)).toMatchObject({ kind: "operator" });
    await revokeToken(db, testOperator, token.id);
    expect(await authenticateToken(db, secret)).toBeNull();
  });
});
