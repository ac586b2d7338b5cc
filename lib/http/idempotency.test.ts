import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { idempotencyKeys, organizations, sessions } from "@/db/schema";
import { createApiApp } from "@/lib/api/app";
import { createApiKey, createOperatorToken } from "@/lib/licensing/tokens";
import { pruneOldRows } from "@/lib/runtime/retention";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";

// Safe retries (SPEC §8): a write with an Idempotency-Key runs once per credential and key.

let db: Database;
let app: ReturnType<typeof createApiApp>;
let operator: string;

beforeAll(async () => {
  db = await testDb();
  app = createApiApp({ db: () => db });
  operator = (await createOperatorToken(db, testOperator, unique("idempotency"))).secret;
});

const send = (path: string, body: unknown, headers: Record<string, string>, method = "POST") =>
  app.fetch(
    new Request(`http://localhost${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
  );
const manage = (path: string, body: unknown, key?: string, method = "POST") =>
  send(path, body, { authorization: `Bearer ${operator}`, ...(key ? { "idempotency-key": key } : {}) }, method);

const organizationsNamed = async (name: string) =>
  (await db.select().from(organizations).where(eq(organizations.name, name))).length;

describe("Idempotency-Key on the management API", () => {
  it("answers a retry with the same key and body with the first response, creating one organization", async () => {
    const name = unique("Retry Ltd");
    const key = crypto.randomUUID();
    const first = await manage("/api/v1/manage/organizations", { name }, key);
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    const again = await manage("/api/v1/manage/organizations", { name }, key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(firstBody);
    expect(await organizationsNamed(name)).toBe(1);
    // Without a key, the same body is a new request.
    expect((await manage("/api/v1/manage/organizations", { name })).status).toBe(201);
    expect(await organizationsNamed(name)).toBe(2);
  });

  it("refuses the same key with another body with 422 IDEMPOTENCY_KEY_REUSED, changing nothing", async () => {
    const key = crypto.randomUUID();
    const name = unique("First Body");
    expect((await manage("/api/v1/manage/organizations", { name }, key)).status).toBe(201);
    const other = unique("Other Body");
    const reused = await manage("/api/v1/manage/organizations", { name: other }, key);
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await organizationsNamed(other)).toBe(0);
  });

  it("makes one change for 20 concurrent requests with one key, and gives all twenty the same answer", async () => {
    const name = unique("Racing Ltd");
    const key = crypto.randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => manage("/api/v1/manage/organizations", { name }, key)),
    );
    const bodies = await Promise.all(answers.map((a) => a.text()));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(bodies).size).toBe(1);
    expect(await organizationsNamed(name)).toBe(1);
  });

  it("keeps a refusal as the answer, and keys of another credential apart", async () => {
    const key = crypto.randomUUID();
    const missing = "00000000-0000-4000-8000-000000000000";
    const profile = { name: unique("Lawyers"), modules: [] };
    const refused = await manage(`/api/v1/manage/organizations/${missing}/profiles`, profile, key);
    expect(refused.status).toBe(404);
    const again = await manage(`/api/v1/manage/organizations/${missing}/profiles`, profile, key);
    expect(again.status).toBe(404);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const otherOperator = (await createOperatorToken(db, testOperator, unique("other"))).secret;
    const name = unique("Other Credential");
    const byOther = await send(
      "/api/v1/manage/organizations",
      { name },
      { authorization: `Bearer ${otherOperator}`, "idempotency-key": key },
    );
    expect(byOther.status).toBe(201);
  });

  it("refuses a key that can't be one with 400 naming the header", async () => {
    const res = await manage("/api/v1/manage/organizations", { name: unique("Bad Key") }, "with space");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Idempotency-Key/);
  });

  it("forgets keys once their 24 hours have passed (the retention job)", async () => {
    const key = crypto.randomUUID();
    const name = unique("Expiring");
    await manage("/api/v1/manage/organizations", { name }, key);
    await db
      .update(idempotencyKeys)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(idempotencyKeys.key, key));
    expect((await manage("/api/v1/manage/organizations", { name }, key)).status).toBe(201);
    expect(await organizationsNamed(name)).toBe(2);
    await db
      .update(idempotencyKeys)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(idempotencyKeys.key, key));
    await pruneOldRows(db, { retentionDays: 30, only: ["idempotencyKeys"] });
    expect(await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key))).toEqual([]);
  });
});

describe("Idempotency-Key on the client API", () => {
  it("opens one session for 20 concurrent opens with one key, on a pool with room for all", async () => {
    const org = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 30 }] });
    const apiKey = (await createApiKey(db, testOperator, org.contract.id, "retries")).secret;
    const key = crypto.randomUUID();
    const open = { module: org.moduleKeys.cm!, clientType: "desktop", deviceId: "LAPTOP-1" };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        send("/api/v1/sessions", open, { authorization: `Bearer ${apiKey}`, "idempotency-key": key }),
      ),
    );
    const bodies = await Promise.all(answers.map((a) => a.text()));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(bodies).size).toBe(1);
    const live = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(sessions)
      .where(and(eq(sessions.contractId, org.contract.id), sql`${sessions.endedAt} is null`));
    expect(Number(live[0]!.n)).toBe(1);
  });

  it("refuses an open that both waits and carries a key", async () => {
    const org = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 1 }] });
    const apiKey = (await createApiKey(db, testOperator, org.contract.id, "waits")).secret;
    const open = { module: org.moduleKeys.cm!, clientType: "desktop", deviceId: "LAPTOP-1", wait: 5 };
    const res = await send("/api/v1/sessions", open, {
      authorization: `Bearer ${apiKey}`,
      "idempotency-key": crypto.randomUUID(),
    });
    expect(res.status).toBe(422);
  });
});
