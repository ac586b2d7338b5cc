import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, licensePools, sessions } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { updatePool } from "./contracts";
import { heartbeatSession } from "./sessions/heartbeat";
import { openSession } from "./sessions/open";
import { poolUsages } from "./usage";
import { VENDOR } from "./input";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const pool = (capacity: number, extra: Record<string, unknown> = {}) => ({
  pools: [{ module: "cm", model: "concurrent" as const, capacity, heartbeatSeconds: 600, ...extra }],
});

async function withIdleTimeout(minutes: number | null, capacity = 2) {
  const f = await makeOrganization(db, pool(capacity));
  await updatePool(db, testOperator, f.contract.id, f.mod("cm"), { idleTimeoutMinutes: minutes }, VENDOR);
  const open = (deviceId: string) => openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId });
  return { ...f, open };
}

const row = async (id: string) => (await db.select().from(sessions).where(eq(sessions.id, id)))[0]!;
const held = async (poolId: string) =>
  (await db.select({ held: licensePools.sessionsHeld }).from(licensePools).where(eq(licensePools.id, poolId)))[0]!.held;

describe("idle reclaim (rule 25)", () => {
  it("ends a session reported idle longer than the pool's timeout, and its heartbeat says idle", async () => {
    const f = await withIdleTimeout(15);
    const s = await f.open("d1");
    const e = await refusalOf(heartbeatSession(db, f.key, s.id, { idleSeconds: 16 * 60 }));
    expect(e.code).toBe("SESSION_NOT_FOUND");
    expect(e.details).toEqual({ sessionId: s.id, reason: "idle" });
    expect(e.message).toMatch(/idle/);
    expect((await row(s.id)).endReason).toBe("idle");
    expect(await held(f.pool("cm").id)).toBe(0);
    const again = await refusalOf(heartbeatSession(db, f.key, s.id));
    expect(again.details).toEqual({ sessionId: s.id, reason: "idle" });
    const events = await db
      .select({ action: auditEvents.action, actorType: auditEvents.actorType })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, s.id), eq(auditEvents.action, "session.idle")));
    expect(events).toEqual([{ action: "session.idle", actorType: "system" }]);
  });

  it("keeps an idle session until its timeout, then frees its seat at read time like a missed heartbeat", async () => {
    const f = await withIdleTimeout(15, 1);
    const s = await f.open("d1");
    const beat = await heartbeatSession(db, f.key, s.id, { idleSeconds: 10 * 60 });
    const r = await row(s.id);
    // Expiry is the end of the idle timeout (5 minutes from now), not the 10-minute heartbeat TTL.
    expect(r.idleUntil!.getTime()).toBe(beat.expiresAt.getTime());
    expect(beat.expiresAt.getTime() - r.lastHeartbeatAt.getTime()).toBeLessThan(5 * 60_000 + 1_000);
    expect(r.idleSince!.getTime()).toBeLessThan(r.lastHeartbeatAt.getTime() - 10 * 60_000 + 1_000);
    expect((await refusalOf(f.open("d2"))).code).toBe("SESSION_LIMIT_REACHED");

    // The idle deadline passes without another heartbeat: the next open takes the seat at once.
    await db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'`, idleUntil: sql`now() - interval '1 second'` })
      .where(eq(sessions.id, s.id));
    expect((await poolUsages(db, { contractId: f.contract.id }))[0]!.inUse).toBe(0);
    await f.open("d2");
    expect((await row(s.id)).endReason).toBe("idle");
    expect((await refusalOf(heartbeatSession(db, f.key, s.id))).details).toMatchObject({ reason: "idle" });
  });

  it("forgets the idleness when the person comes back", async () => {
    const f = await withIdleTimeout(15);
    const s = await f.open("d1");
    await heartbeatSession(db, f.key, s.id, { idleSeconds: 14 * 60 });
    const beat = await heartbeatSession(db, f.key, s.id, { idleSeconds: 0 });
    const r = await row(s.id);
    expect([r.idleSince, r.idleUntil]).toEqual([null, null]);
    expect(beat.expiresAt.getTime() - r.lastHeartbeatAt.getTime()).toBeGreaterThan(9 * 60_000);
  });

  it("only records idleness on a pool without an idle timeout", async () => {
    const f = await withIdleTimeout(null);
    const s = await f.open("d1");
    const beat = await heartbeatSession(db, f.key, s.id, { idleSeconds: 30 * 86_400 });
    const r = await row(s.id);
    expect(r.idleSince).not.toBeNull();
    expect(r.idleUntil).toBeNull();
    expect(beat.expiresAt.getTime() - r.lastHeartbeatAt.getTime()).toBeGreaterThan(9 * 60_000);
  });

  it("refuses idleSeconds out of range and an idle timeout on a named pool, changing nothing", async () => {
    const f = await withIdleTimeout(15);
    const s = await f.open("d1");
    const e = await refusalOf(heartbeatSession(db, f.key, s.id, { idleSeconds: -1 }));
    expect(e.code).toBe("VALUE_OUT_OF_RANGE");
    expect((await row(s.id)).endedAt).toBeNull();
    const timeout = await refusalOf(
      updatePool(db, testOperator, f.contract.id, f.mod("cm"), { idleTimeoutMinutes: 20_000 }, VENDOR),
    );
    expect(timeout).toMatchObject({ code: "VALUE_OUT_OF_RANGE", details: { field: "idleTimeoutMinutes" } });

    const named = await makeOrganization(db, { pools: [{ module: "nm", model: "named", capacity: 2 }] });
    const refused = await refusalOf(
      updatePool(db, testOperator, named.contract.id, named.mod("nm"), { idleTimeoutMinutes: 15 }, VENDOR),
    );
    expect(refused.code).toBe("INVALID");
    expect(refused.message).toMatch(/concurrent pools only/);
    const [p] = await db
      .select()
      .from(licensePools)
      .where(eq(licensePools.id, named.pool("nm").id));
    expect(p!.idleTimeoutMinutes).toBeNull();
  });
});
