import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, contracts, sessions } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { sessionCounterAndTruth } from "@/lib/testing/counters";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { batchCounts } from "@/lib/runtime/batch";
import { randomUUID } from "node:crypto";
import { actorId, type Actor } from "./actor";
import { isLicensingError } from "./errors";
import { VENDOR, type ClientKey } from "./input";
import { updatePool } from "./contracts";
import { closeSession } from "./sessions/close";
import { heartbeatSession } from "./sessions/heartbeat";
import { openSession, type OpenedSession } from "./sessions/open";

// Issue 20: requests arriving while their pool's (contract's, key's) statement is in flight are
// served together by the next statement, with every answer what it would have been alone.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const times = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

/** Rounds and items a batcher served while `work` ran. */
async function counted<T>(name: string, work: () => Promise<T>) {
  const before = { ...(batchCounts.get(name) ?? { rounds: 0, items: 0 }) };
  const result = await work();
  const after = batchCounts.get(name)!;
  return { result, rounds: after.rounds - before.rounds, items: after.items - before.items };
}

describe("batched opens, heartbeats and closes", () => {
  it("grants racing weighted opens in rounds, exactly to the limit, each with its own row and audit event", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 25 }] });
    const weights = times(60, (i) => 1 + (i % 3));
    // Two keys of the contract share the pool's rounds; each open is still its own key's event.
    const second: ClientKey = { ...f.key, actor: { ...f.key.actor, id: randomUUID(), label: "key:second" } as Actor };
    const keyOf = (i: number) => (i % 2 ? second : f.key);
    const { result, rounds, items } = await counted("opens", () =>
      Promise.allSettled(
        weights.map((weight, i) =>
          openSession(db, keyOf(i), { module: f.mod("cc"), clientType: "integration", deviceId: `d${i}`, weight }),
        ),
      ),
    );
    expect(items).toBeGreaterThanOrEqual(60);
    expect(rounds).toBeLessThan(items); // some went together
    const granted = result.flatMap((r, i) => (r.status === "fulfilled" ? [{ ...r.value, i }] : []));
    for (const r of result)
      if (r.status === "rejected") expect(isLicensingError(r.reason) && r.reason.code).toBe("SESSION_LIMIT_REACHED");
    const seats = granted.reduce((sum, g) => sum + g.weight, 0);
    // Nothing over the limit, and the rest refused only when their weight did not fit.
    expect(seats).toBeLessThanOrEqual(25);
    expect(25 - seats).toBeLessThan(Math.max(...weights));
    expect(await sessionCounterAndTruth(db, f.pool("cc").id)).toEqual({ counter: seats, truth: seats });

    const rows = await db
      .select()
      .from(sessions)
      .where(
        inArray(
          sessions.id,
          granted.map((g) => g.id),
        ),
      );
    expect(rows).toHaveLength(granted.length);
    for (const g of granted) {
      const row = rows.find((r) => r.id === g.id)!;
      expect(row).toMatchObject({ deviceId: `d${g.i}`, weight: weights[g.i], seatsHeld: weights[g.i] });
      expect(row.expiresAt.getTime()).toBe(g.expiresAt.getTime());
    }
    const events = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "session.open"),
          inArray(
            auditEvents.targetId,
            granted.map((g) => g.id),
          ),
        ),
      );
    expect(events).toHaveLength(granted.length);
    for (const e of events) {
      const g = granted.find((x) => x.id === e.targetId)!;
      expect(e.after).toEqual({
        module: f.mod("cc"),
        clientType: "integration",
        deviceId: `d${g.i}`,
        username: null,
        weight: weights[g.i],
      });
      expect(e.actorId).toBe(actorId(keyOf(g.i).actor));
      expect(e.actorLabel).toBe(keyOf(g.i).actor.label);
    }
  });

  it("grants a lighter open queued behind a heavier one that does not fit", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 10 }] });
    for (let i = 0; i < 6; i++)
      await openSession(db, f.key, { module: f.mod("cc"), clientType: "desktop", deviceId: `held${i}` });
    // Four light opens fill the pool exactly; the heavy one can never fit (6 + 5 > 10), wherever
    // it lands in a round, and must not keep a light one behind it from its seat.
    const weights = [1, 5, 1, 1, 1];
    const result = await Promise.allSettled(
      weights.map((weight, i) =>
        openSession(db, f.key, { module: f.mod("cc"), clientType: "integration", deviceId: `w${i}`, weight }),
      ),
    );
    expect(result.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    expect(await sessionCounterAndTruth(db, f.pool("cc").id)).toEqual({ counter: 10, truth: 10 });
  });

  it("answers a heartbeat and a close naming the session in capitals as it would in lower case", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 5 }] });
    const s = await openSession(db, f.key, { module: f.mod("cc"), clientType: "desktop", deviceId: "d" });
    const beat = await heartbeatSession(db, f.key, s.id.toUpperCase());
    expect(beat.id).toBe(s.id);
    const [row] = await db.select().from(sessions).where(eq(sessions.id, s.id));
    expect(row!.endedAt).toBeNull();
    expect(await closeSession(db, f.key, s.id.toUpperCase())).toEqual({ ended: true });
  });

  it("extends racing heartbeats in rounds and answers each session for itself", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 40 }] });
    await updatePool(db, testOperator, f.contract.id, f.mod("cc"), { idleTimeoutMinutes: 5 }, VENDOR);
    const opened: OpenedSession[] = [];
    for (let i = 0; i < 30; i++)
      opened.push(await openSession(db, f.key, { module: f.mod("cc"), clientType: "desktop", deviceId: `d${i}` }));
    await closeSession(db, f.key, opened[0]!.id);
    await db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.id, opened[1]!.id));
    const { result, rounds, items } = await counted("heartbeats", () =>
      Promise.allSettled(opened.map((s, i) => heartbeatSession(db, f.key, s.id, { idleSeconds: i === 2 ? 60 : 0 }))),
    );
    expect(items).toBe(30);
    expect(rounds).toBeLessThan(30);
    const reasons = result.map((r) =>
      r.status === "rejected" && isLicensingError(r.reason) ? r.reason.details : undefined,
    );
    expect(reasons[0]).toMatchObject({ reason: "closed" });
    expect(reasons[1]).toMatchObject({ reason: "expired" });
    expect(result.slice(2).every((r) => r.status === "fulfilled")).toBe(true);
    const [idle] = await db.select().from(sessions).where(eq(sessions.id, opened[2]!.id));
    // Idle for a minute of a five-minute timeout: its seat goes back at most four minutes from now.
    expect(idle!.idleUntil!.getTime()).toBeLessThanOrEqual(Date.now() + 4 * 60_000 + 1_000);
    expect(idle!.expiresAt.getTime()).toBeLessThanOrEqual(idle!.idleUntil!.getTime());
    const [active] = await db.select().from(sessions).where(eq(sessions.id, opened[3]!.id));
    expect(active!.idleUntil).toBeNull();
    expect(active!.expiresAt.getTime()).toBeGreaterThanOrEqual(opened[3]!.expiresAt.getTime());
  });

  it("serves heartbeats of several contracts at once, each in its contract's rounds and against its own contract", async () => {
    const a = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 20 }] });
    const b = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 20 }] });
    const open = (f: typeof a, i: number) =>
      openSession(db, f.key, { module: f.mod("cc"), clientType: "desktop", deviceId: `d${i}` });
    const ofA = await Promise.all(times(10, (i) => open(a, i)));
    const ofB = await Promise.all(times(10, (i) => open(b, i)));
    // B's contract ran out a second ago and no sweep has ended its sessions yet (rule 21).
    await db
      .update(contracts)
      .set({ endsAt: new Date(Date.now() - 1_000) })
      .where(eq(contracts.id, b.contract.id));
    const beats = [
      ...ofA.map((s) => heartbeatSession(db, a.key, s.id)),
      ...ofB.map((s) => heartbeatSession(db, b.key, s.id)),
      // A's session named with B's key is not B's: unknown, and A's own beat of it still counts.
      heartbeatSession(db, b.key, ofA[0]!.id),
    ];
    const { result, rounds } = await counted("heartbeats", () => Promise.allSettled(beats));
    expect(rounds).toBeLessThan(beats.length);
    expect(result.slice(0, 10).every((r) => r.status === "fulfilled")).toBe(true);
    const refused = result
      .slice(10)
      .map((r) => (r.status === "rejected" && isLicensingError(r.reason) ? r.reason : null));
    expect(refused.slice(0, 10).map((e) => e?.details)).toEqual(
      ofB.map((s) => ({ sessionId: s.id, reason: "contract_inactive" })),
    );
    expect(refused[10]).toMatchObject({ code: "SESSION_NOT_FOUND", details: { sessionId: ofA[0]!.id } });
    expect(refused[10]!.details).not.toHaveProperty("reason");
  });

  it("ends racing closes in rounds, each session once, and gives every seat back", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 40 }] });
    const opened: OpenedSession[] = [];
    for (let i = 0; i < 30; i++)
      opened.push(await openSession(db, f.key, { module: f.mod("cc"), clientType: "desktop", deviceId: `d${i}` }));
    const twice = [...opened, ...opened.slice(0, 10)];
    const { result, rounds } = await counted("closes", () =>
      Promise.all(twice.map((s) => closeSession(db, f.key, s.id))),
    );
    expect(rounds).toBeLessThan(twice.length);
    expect(result.filter((r) => r.ended)).toHaveLength(30);
    expect(await sessionCounterAndTruth(db, f.pool("cc").id)).toEqual({ counter: 0, truth: 0 });
    const events = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "session.close"),
          inArray(
            auditEvents.targetId,
            opened.map((s) => s.id),
          ),
        ),
      );
    expect(events).toHaveLength(30);
  });
});
