import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sessions } from "@/db/schema";
import type { Database } from "@/db/client";
import { updatePool } from "@/lib/licensing/contracts";
import { closeSession } from "@/lib/licensing/sessions/close";
import { heartbeatSession } from "@/lib/licensing/sessions/heartbeat";
import { openSession } from "@/lib/licensing/sessions/open";
import { createProfile } from "@/lib/licensing/profiles";
import { createUser } from "@/lib/licensing/users";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { dashboardData } from "./dashboard-queries";
import { floatingActivity, noFloating } from "./floating-queries";
import { liveSessionsView } from "./sessions-queries";
import { VENDOR } from "@/lib/licensing/input";

// The live views' rule-25 figures (queue, idle sessions, seats reclaimable now), from one query
// module, read by the dashboard and the sessions page alike.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

async function organization(capacity: number, idleTimeoutMinutes: number | null) {
  const f = await makeOrganization(db, {
    pools: [
      { module: "cm", model: "concurrent", capacity, heartbeatSeconds: 3_600 },
      { module: "named", model: "named", capacity: 2 },
    ],
  });
  if (idleTimeoutMinutes !== null)
    await updatePool(db, testOperator, f.contract.id, f.mod("cm"), { idleTimeoutMinutes }, VENDOR);
  const open = (deviceId: string, wait?: number) =>
    openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId, wait });
  const dashboardPool = async () =>
    (await dashboardData(db, f.organization.id)).pools.find((p) => p.poolId === f.pool("cm").id)!;
  const sessionsPage = async () => (await liveSessionsView(db, f.organization.id, {})).floating;
  return { ...f, open, dashboardPool, sessionsPage };
}

/** The idle deadline passes without another heartbeat (as if the timeout's minutes went by). */
const pastIdleTimeout = (sessionId: string) =>
  db
    .update(sessions)
    .set({ expiresAt: sql`now() - interval '1 second'`, idleUntil: sql`now() - interval '1 second'` })
    .where(eq(sessions.id, sessionId));

describe("live views of queue, idle sessions and reclaimable seats (rule 25)", () => {
  it("counts seats in the sessions heading only for concurrent sessions: on a named pool the seat is the user's", async () => {
    const f = await organization(4, null);
    const profile = await createProfile(db, testOperator, f.organization.id, {
      name: "Named",
      modules: [f.mod("named")],
    });
    await createUser(db, testOperator, f.organization.id, {
      username: "ann",
      email: "ann@example.com",
      profileId: profile.id,
      credentials: "issued",
    });
    for (const deviceId of ["laptop", "phone"])
      await openSession(db, f.key, { module: f.mod("named"), clientType: "desktop", deviceId, username: "ann" });
    await f.open("shared-pc");
    expect((await liveSessionsView(db, f.organization.id, {})).totals).toEqual({
      sessions: 3,
      concurrentSessions: 1,
      concurrentSeats: 1,
    });
    expect((await liveSessionsView(db, f.organization.id, { poolId: f.pool("named").id })).totals).toEqual({
      sessions: 2,
      concurrentSessions: 0,
      concurrentSeats: 0,
    });
  });

  it("counts sessions idle over five minutes, and the seats of idle sessions past the timeout", async () => {
    const f = await organization(4, 15);
    const [a, b, c] = [await f.open("idle-long"), await f.open("idle-short"), await f.open("active")];
    await f.open("weighty");
    await heartbeatSession(db, f.key, a.id, { idleSeconds: 10 * 60 });
    await heartbeatSession(db, f.key, b.id, { idleSeconds: 60 });
    await heartbeatSession(db, f.key, c.id, { idleSeconds: 0 });

    const before = await f.dashboardPool();
    expect(before.liveSessions).toBe(4);
    expect(before.floating).toEqual({ ...noFloating, idleSessions: 1 });

    await pastIdleTimeout(a.id);
    const after = await f.dashboardPool();
    // It no longer counts as in use, but its seat is still in the counter until the next read frees it.
    expect(after.inUse).toBe(3);
    expect(after.liveSessions).toBe(3);
    expect(after.floating).toEqual({ ...noFloating, idleSessions: 1, reclaimableSeats: 1 });
    expect(await f.sessionsPage()).toEqual([
      {
        poolId: f.pool("cm").id,
        moduleName: f.mod("cm"),
        idleTimeoutMinutes: 15,
        ...noFloating,
        idleSessions: 1,
        reclaimableSeats: 1,
      },
    ]);

    // The next open is that read: it takes the reclaimed seat, and nothing is reclaimable any more.
    await f.open("newcomer");
    const [ended] = await db.select().from(sessions).where(eq(sessions.id, a.id));
    expect(ended!.endReason).toBe("idle");
    expect((await f.dashboardPool()).floating).toEqual(noFloating);
  });

  it("shows idleness on a pool without an idle timeout, with nothing ever reclaimable", async () => {
    const f = await organization(2, null);
    const s = await f.open("d1");
    await heartbeatSession(db, f.key, s.id, { idleSeconds: 6 * 60 });
    const pool = await f.dashboardPool();
    expect(pool.floating).toEqual({ ...noFloating, idleSessions: 1 });
    const [row] = (await liveSessionsView(db, f.organization.id, {})).sessions;
    expect(Date.now() - new Date(row!.idleSince!).getTime()).toBeGreaterThanOrEqual(6 * 60_000 - 1_000);
    expect((await f.sessionsPage())[0]).toMatchObject({ idleTimeoutMinutes: null, idleSessions: 1 });
  });

  it("shows who waits in line and for how long, until the freed seat serves them", async () => {
    const f = await organization(1, null);
    const held = await f.open("held");
    const queueLength = async () => (await f.dashboardPool()).floating!.queueLength;
    // One after the other, so the line's order is known.
    const first = f.open("first", 30);
    await expect.poll(queueLength, { timeout: 20_000 }).toBe(1);
    const second = f.open("second", 30);
    await expect.poll(queueLength, { timeout: 20_000 }).toBe(2);
    await expect
      .poll(async () => (await f.dashboardPool()).floating!.longestWaitMs, { timeout: 20_000 })
      .toBeGreaterThan(100);
    const [page] = await f.sessionsPage();
    expect(page).toMatchObject({ queueLength: 2 });
    expect(page!.longestWaitMs).toBeGreaterThan(100);
    expect(page!.longestWaitMs).toBeLessThan(30_000);

    await closeSession(db, f.key, held.id);
    const served = await first;
    await expect.poll(queueLength, { timeout: 20_000 }).toBe(1);
    await closeSession(db, f.key, served.id);
    await second;
    expect((await f.dashboardPool()).floating).toEqual(noFloating);
  });

  it("keeps named pools out, filters to one pool, and never shows another organization's line", async () => {
    const f = await organization(1, 10);
    const other = await organization(1, null);
    await other.open("theirs");
    const waiter = other.open("their-waiter", 30);
    await expect.poll(async () => (await other.dashboardPool()).floating!.queueLength, { timeout: 20_000 }).toBe(1);

    const data = await dashboardData(db, f.organization.id);
    expect(data.pools.find((p) => p.model === "named")!.floating).toBeNull();
    expect(data.pools.find((p) => p.model === "concurrent")!.floating).toEqual(noFloating);
    expect((await floatingActivity(db, f.organization.id)).map((p) => p.poolId)).toEqual([f.pool("cm").id]);
    expect(await floatingActivity(db, f.organization.id, f.pool("named").id)).toEqual([]);
    // Another organization's pool id reads nothing here.
    expect(await floatingActivity(db, f.organization.id, other.pool("cm").id)).toEqual([]);

    const [theirs] = (await liveSessionsView(db, other.organization.id, {})).sessions;
    await closeSession(db, other.key, theirs!.id);
    await waiter;
  });
});
