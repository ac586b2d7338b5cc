import { and, asc, eq, isNotNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { denials, licensePools, sessions, sessionWaiters } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { closeSession } from "./sessions/close";
import { openSession, type OpenedSession } from "./sessions/open";

// Rule 25's queue: an open with `wait` on a full pool gets the next freed seat, first come first
// served, or the usual refusal marked queued when its time is up.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

async function fullPool(capacity: number) {
  const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity }] });
  const open = (deviceId: string, wait?: number, signal?: AbortSignal) =>
    openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId, wait }, { signal });
  const held: OpenedSession[] = [];
  for (let i = 0; i < capacity; i++) held.push(await open(`held${i}`));
  const poolRow = async () =>
    (
      await db
        .select()
        .from(licensePools)
        .where(eq(licensePools.id, f.pool("cm").id))
    )[0]!;
  const waiting = () =>
    db
      .select()
      .from(sessionWaiters)
      .where(eq(sessionWaiters.poolId, f.pool("cm").id));
  return { ...f, open, held, poolRow, waiting };
}

describe("waiting in line for a seat (rule 25)", () => {
  it("serves a waiting open with the next freed seat and says how long it waited", async () => {
    const f = await fullPool(1);
    const waiter = f.open("waiter", 30);
    await expect.poll(async () => (await f.waiting()).length, { timeout: 20_000 }).toBe(1);
    // While someone waits, an open without `wait` does not jump the line.
    expect((await refusalOf(f.open("impatient"))).code).toBe("SESSION_LIMIT_REACHED");
    await closeSession(db, f.key, f.held[0]!.id);
    const served = await waiter;
    expect(served.waitedMs).toBeGreaterThan(0);
    const [row] = await db.select().from(sessions).where(eq(sessions.id, served.id));
    expect(row!.queueSeq).not.toBeNull();
    expect(row!.waitedMs).toBeGreaterThan(0);
    expect(await f.waiting()).toEqual([]);
    expect((await f.poolRow()).waiters).toBe(0);
  });

  it("refuses at once an open that could never fit, and it blocks no one behind it", async () => {
    const f = await fullPool(5);
    await closeSession(db, f.key, f.held[0]!.id);
    await closeSession(db, f.key, f.held[1]!.id);
    const started = Date.now();
    const e = await refusalOf(
      openSession(db, f.key, {
        module: f.mod("cm"),
        clientType: "integration",
        deviceId: "enormous",
        weight: 10_000,
        wait: 30,
      }),
    );
    expect(e.code).toBe("SESSION_LIMIT_REACHED");
    expect(e.message).toMatch(/can never open/);
    expect(e.details).toMatchObject({ limit: 5, weight: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await f.waiting()).toEqual([]);
    expect((await f.poolRow()).waiters).toBe(0);
    // The two free seats are still anyone's, with or without wait.
    await f.open("after1");
    await f.open("after2", 5);
    const [denial] = await db
      .select()
      .from(denials)
      .where(and(eq(denials.poolId, f.pool("cm").id), eq(denials.deviceId, "enormous")));
    expect(denial?.code).toBe("SESSION_LIMIT_REACHED");
  });

  it("refuses when the wait ends unserved, with one denial marked queued, and leaves the line", async () => {
    const f = await fullPool(1);
    const e = await refusalOf(f.open("waiter", 1));
    expect(e.code).toBe("SESSION_LIMIT_REACHED");
    expect(e.details).toMatchObject({ limit: 1, inUse: 1, queued: true });
    expect(e.details.waitedMs).toBeGreaterThanOrEqual(900);
    expect(e.message).toMatch(/in line/);
    const rows = await db.select().from(denials).where(eq(denials.organizationId, f.organization.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details).toMatchObject({ queued: true });
    expect(await f.waiting()).toEqual([]);
    expect((await f.poolRow()).waiters).toBe(0);
    // The line is empty again: a freed seat goes to an open without `wait`.
    await closeSession(db, f.key, f.held[0]!.id);
    await f.open("next");
  });

  it("leaves the line at once when the client disconnects", async () => {
    const f = await fullPool(1);
    const gone = new AbortController();
    const waiter = refusalOf(f.open("waiter", 60, gone.signal));
    await expect.poll(async () => (await f.waiting()).length, { timeout: 20_000 }).toBe(1);
    gone.abort();
    const e = await waiter;
    expect(e.details).toMatchObject({ queued: true });
    expect(e.details.waitedMs).toBeLessThan(30_000);
    expect(await f.waiting()).toEqual([]);
    expect((await f.poolRow()).waiters).toBe(0);
  });

  it("refuses wait out of range", async () => {
    const f = await fullPool(1);
    for (const wait of [0, 61, 1.5]) {
      const e = await refusalOf(f.open("x", wait));
      expect(["VALUE_OUT_OF_RANGE", "INVALID"]).toContain(e.code);
    }
    expect(await f.waiting()).toEqual([]);
  });

  it(
    "serves 50 waiters on a pool of 5 with churn in arrival order, none twice, none lost",
    { timeout: 180_000 },
    async () => {
      const f = await fullPool(5);
      const live = f.held.map((s) => s.id);
      const served: OpenedSession[] = [];
      const waiters = Array.from({ length: 50 }, (_, i) =>
        f.open(`w${i}`, 60).then((s) => {
          served.push(s);
          live.push(s.id);
          return s;
        }),
      );
      await expect.poll(async () => (await f.waiting()).length, { timeout: 30_000 }).toBe(50);
      for (let i = 0; i < 50; i++) {
        await closeSession(db, f.key, live.shift()!);
        await expect.poll(() => served.length, { timeout: 30_000 }).toBe(i + 1);
      }
      const all = await Promise.all(waiters);
      expect(new Set(all.map((s) => s.id)).size).toBe(50);
      const rows = await db
        .select({ seq: sessions.queueSeq })
        .from(sessions)
        .where(and(eq(sessions.poolId, f.pool("cm").id), isNotNull(sessions.queueSeq)))
        .orderBy(asc(sessions.startedAt));
      const seqs = rows.map((r) => r.seq!);
      expect(seqs).toHaveLength(50);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      const pool = await f.poolRow();
      expect(pool.waiters).toBe(0);
      const liveRows = await db
        .select()
        .from(sessions)
        .where(eq(sessions.poolId, f.pool("cm").id));
      expect(pool.sessionsHeld).toBe(liveRows.filter((r) => !r.endedAt).length);
      expect(pool.sessionsHeld).toBe(5);
      expect(await f.waiting()).toEqual([]);
    },
  );
});
