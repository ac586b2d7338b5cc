import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, deviceActivations, webhookDeliveries, webhookEndpoints, webhookPoolLevels } from "@/db/schema";
import type { Database } from "@/db/client";
import { activateDevice, endLapsedActivations } from "@/lib/licensing/activations";
import { updatePool } from "@/lib/licensing/contracts";
import { importUsers } from "@/lib/licensing/import-users";
import { createProfile, deleteProfile, updateProfile } from "@/lib/licensing/profiles";
import { bulkUpdateUsers, createUser, updateUser } from "@/lib/licensing/users";
import { revokeBorrow } from "@/lib/licensing/borrow-admin";
import { borrowSession, returnBorrow } from "@/lib/licensing/borrows";
import { closeSession } from "@/lib/licensing/sessions/close";
import { openSession } from "@/lib/licensing/sessions/open";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { startReceiver } from "@/lib/testing/webhook-receiver";
import { claimDueDeliveries, deliverDueWebhooks, retryDelayMs, sendDelivery, RETRY_WINDOW_MS } from "./deliver";
import {
  createWebhookEndpoint,
  getWebhookEndpoint,
  listDeliveryAttempts,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
} from "./endpoints";
import { webhookEventTypeList } from "./event-types";
import { feedWebhookEvents } from "./feed";
import { VENDOR } from "@/lib/licensing/input";

// Webhooks end to end against a real HTTP receiver (SPEC §1 Event, §4): the engine's changes
// become signed events, delivered at least once and applied once by their id.

let db: Database;
let secret = "";
let receiver: Awaited<ReturnType<typeof startReceiver>>;

// Endpoints are vendor-wide: each test removes the ones it made (other files may have theirs).
const made: string[] = [];
const removeMade = async () => {
  if (made.length) await db.delete(webhookEndpoints).where(inArray(webhookEndpoints.id, made.splice(0)));
};

beforeAll(async () => {
  db = await testDb();
  await feedWebhookEvents(db);
  receiver = await startReceiver(() => secret);
});
afterAll(async () => {
  await removeMade();
  await receiver.close();
});
afterEach(async () => {
  await removeMade();
  receiver.state.mode = "ok";
  receiver.state.requests.length = 0;
  receiver.state.applied.clear();
});

async function subscribe(events: string[] = webhookEventTypeList) {
  const created = await createWebhookEndpoint(db, testOperator, { url: receiver.url, events: events as never });
  made.push(created.endpoint.id);
  secret = created.secret;
  return created.endpoint;
}

const ofOrganization = (organizationId: string) =>
  [...receiver.state.applied.values()].filter((e) => e.organizationId === organizationId);

/** Runs the leader's two jobs until `done` holds (the feed waits behind transactions still running). */
async function settle(done: () => boolean, at: Date = new Date()) {
  await expect
    .poll(
      async () => {
        await feedWebhookEvents(db, at);
        await deliverDueWebhooks(db, { now: at });
        return done();
      },
      { timeout: 30_000, interval: 200 },
    )
    .toBe(true);
}

describe("webhook endpoints", () => {
  it.each([
    ["ftp://crm.example.com/hooks", /must start with https/],
    ["https://user:pass@crm.example.com/hooks", /user name or password/],
    ["http://crm.example.com/hooks", /must use https/],
    ["https://10.1.2.3/hooks", /private network address \(10\.1\.2\.3\)/],
    ["https://192.168.0.10/hooks", /private network address/],
    ["https://[fd00::1]/hooks", /private network address/],
    ["not a url", /not a URL/],
  ])("refuses %s with a sentence and creates nothing", async (url, message) => {
    const e = await refusalOf(createWebhookEndpoint(db, testOperator, { url, events: ["pool.full"] }));
    expect(e.code).toBe("INVALID");
    expect(e.message).toMatch(message);
    expect(e.details).toMatchObject({ field: "url" });
    expect((await listWebhookEndpoints(db)).some((w) => w.url === url)).toBe(false);
  });

  it("refuses an unknown event type and an empty list", async () => {
    expect((await refusalOf(createWebhookEndpoint(db, testOperator, { url: receiver.url, events: [] }))).code).toBe(
      "INVALID",
    );
    const e = await refusalOf(
      createWebhookEndpoint(db, testOperator, { url: receiver.url, events: ["pool.nope" as never] }),
    );
    expect(e.message).toMatch(/Events are among/);
  });

  it("accepts https and loopback http, shows the secret once, and logs the creation on the vendor's audit log", async () => {
    const created = await createWebhookEndpoint(db, testOperator, {
      url: "https://crm.example.com/hooks",
      events: ["contract.created"],
    });
    made.push(created.endpoint.id);
    expect(created.secret).toMatch(/^whsec_/);
    expect(JSON.stringify(await getWebhookEndpoint(db, created.endpoint.id))).not.toContain(created.secret);
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "webhook.create"), eq(auditEvents.targetId, created.endpoint.id)));
    expect(audit?.organizationId).toBeNull();
    expect((await subscribe(["pool.full"])).url).toBe(receiver.url);
  });
});

describe("webhook delivery", () => {
  it("delivers signed events for contracts, capacity, seats and pool crossings, each once", async () => {
    await subscribe();
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 2 }] });
    const a = await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d1" });
    await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d2" });
    await settle(() => ofOrganization(f.organization.id).some((e) => e.type === "pool.full"));
    // Still full at the next run: no second pool.full.
    await closeSession(db, f.key, a.id);
    await updatePool(db, testOperator, f.contract.id, f.mod("cm"), { capacity: 3 }, VENDOR);
    await settle(() => ofOrganization(f.organization.id).some((e) => e.type === "pool.capacity_changed"));

    const events = ofOrganization(f.organization.id);
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count("contract.created")).toBe(1);
    expect(count("seat.granted")).toBe(2);
    expect(count("seat.freed")).toBe(1);
    expect(count("pool.full")).toBe(1);
    expect(count("pool.capacity_changed")).toBe(1);
    expect(events.find((e) => e.type === "pool.capacity_changed")!.data).toMatchObject({
      poolId: f.pool("cm").id,
      before: { capacity: 2 },
      after: { capacity: 3 },
    });
    expect(events.find((e) => e.type === "seat.freed")!.data).toMatchObject({ sessionId: a.id, reason: "closed" });
    expect(receiver.state.requests.every((r) => r.signatureValid)).toBe(true);
    const ids = receiver.state.requests.map((r) => r.event.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("tells named seats granted and freed as users start and stop holding them, with the profile's modules", async () => {
    await subscribe(["seat.granted", "seat.freed"]);
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 5 }] });
    const profile = await createProfile(db, testOperator, f.organization.id, {
      name: "Caseworker",
      modules: [f.mod("cm")],
    });
    const user = await createUser(db, testOperator, f.organization.id, {
      username: "ada",
      email: "ada@example.com",
      profileId: profile.id,
      credentials: "issued",
    });
    await createUser(db, testOperator, f.organization.id, { username: "bob", email: "bob@example.com" });
    await updateUser(db, testOperator, user.id, { status: "inactive" }, VENDOR);
    await settle(() => ofOrganization(f.organization.id).some((e) => e.type === "seat.freed"));
    const events = ofOrganization(f.organization.id);
    expect(events.map((e) => e.type).sort()).toEqual(["seat.freed", "seat.granted"]);
    for (const e of events)
      expect(e.data).toMatchObject({ holder: "user", userId: user.id, username: "ada", modules: [f.mod("cm")] });
  });

  it("tells the named seats a CSV import grants and a bulk change frees, one event per holder", async () => {
    await subscribe(["seat.granted", "seat.freed"]);
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 5 }] });
    const profile = await createProfile(db, testOperator, f.organization.id, {
      name: "Caseworker",
      modules: [f.mod("cm")],
    });
    await importUsers(db, testOperator, f.organization.id, [
      { line: 2, username: "ada", email: "ada@example.com", profile: "Caseworker", credentials: "issued" },
      { line: 3, username: "bea", email: "bea@example.com", profile: "Caseworker", credentials: "issued" },
      // No credentials: no seat, no event.
      { line: 4, username: "cy", email: "cy@example.com", profile: "Caseworker" },
    ]);
    await settle(() => ofOrganization(f.organization.id).filter((e) => e.type === "seat.granted").length === 2);
    const granted = ofOrganization(f.organization.id).filter((e) => e.type === "seat.granted");
    expect(granted.map((e) => e.data.username).sort()).toEqual(["ada", "bea"]);
    for (const e of granted)
      expect(e.data).toMatchObject({ holder: "user", profileId: profile.id, modules: [f.mod("cm")] });

    const ids = granted.map((e) => e.data.userId as string);
    await bulkUpdateUsers(db, testOperator, f.organization.id, ids, { credentials: "revoked" });
    await settle(() => ofOrganization(f.organization.id).filter((e) => e.type === "seat.freed").length === 2);
    const freed = ofOrganization(f.organization.id).filter((e) => e.type === "seat.freed");
    expect(freed.map((e) => e.data.userId).sort()).toEqual([...ids].sort());
    for (const e of freed) expect(e.data).toMatchObject({ modules: [f.mod("cm")], reason: "changed" });
  });

  it("tells each seat-holding member of a profile the modules it gains and loses, and frees them when it is deleted", async () => {
    await subscribe(["seat.granted", "seat.freed"]);
    const f = await makeOrganization(db, {
      pools: [
        { module: "cm", model: "named", capacity: 5 },
        { module: "fin", model: "named", capacity: 5 },
      ],
    });
    const profile = await createProfile(db, testOperator, f.organization.id, {
      name: "Caseworker",
      modules: [f.mod("cm")],
    });
    const holder = await createUser(db, testOperator, f.organization.id, {
      username: "ada",
      email: "ada@example.com",
      profileId: profile.id,
      credentials: "issued",
    });
    // A member without credentials holds no seat: nothing is told about her.
    await createUser(db, testOperator, f.organization.id, {
      username: "bob",
      email: "bob@example.com",
      profileId: profile.id,
    });
    await settle(() => ofOrganization(f.organization.id).some((e) => e.type === "seat.granted"));
    receiver.state.applied.clear();

    await updateProfile(db, testOperator, profile.id, { modules: [f.mod("fin")] }, VENDOR);
    await settle(() => ofOrganization(f.organization.id).length === 2);
    const changed = ofOrganization(f.organization.id);
    const seat = { holder: "user", userId: holder.id, username: "ada", profileId: profile.id };
    expect(changed.find((e) => e.type === "seat.freed")!.data).toEqual({
      ...seat,
      modules: [f.mod("cm")],
      reason: "profileChanged",
    });
    expect(changed.find((e) => e.type === "seat.granted")!.data).toEqual({ ...seat, modules: [f.mod("fin")] });
    receiver.state.applied.clear();

    await deleteProfile(db, testOperator, profile.id, VENDOR);
    await settle(() => ofOrganization(f.organization.id).length === 1);
    expect(ofOrganization(f.organization.id)[0]).toMatchObject({
      type: "seat.freed",
      data: { ...seat, modules: [f.mod("fin")], reason: "profileDeleted" },
    });
  });

  it("frees the seat of a device activation that lapsed, by the background sweep or when the device comes back", async () => {
    await subscribe(["seat.freed"]);
    const f = await makeOrganization(db, {
      pools: [{ module: "mob", model: "concurrent", capacity: 2, activationsPerLicense: 1, leaseDays: 7 }],
    });
    const activate = (fingerprint: string) =>
      activateDevice(db, f.key, { module: f.mod("mob"), fingerprint, platform: "mobile" });
    const swept = (await activate("swept")).activation;
    const back = (await activate("back")).activation;
    await db
      .update(deviceActivations)
      .set({ leaseExpiresAt: sql`now() - interval '4 days'` })
      .where(inArray(deviceActivations.id, [swept.id, back.id]));

    // The device comes back: its lapsed activation ends in the request's own statement.
    expect((await activate("back")).created).toBe(true);
    // The leader's sweep ends the other one.
    expect((await endLapsedActivations(db)).lapsed).toBeGreaterThanOrEqual(1);
    await settle(() => ofOrganization(f.organization.id).length === 2);
    const freed = ofOrganization(f.organization.id);
    expect(freed.map((e) => e.data.activationId).sort()).toEqual([swept.id, back.id].sort());
    for (const e of freed)
      expect(e.data).toMatchObject({ poolId: f.pool("mob").id, holder: "activation", reason: "lapsed" });
    expect(freed.find((e) => e.data.activationId === swept.id)!.data.fingerprint).toBe("swept");
  });

  it("fires pool.full again only after the pool left it, and summarizes denials per pool and minute", async () => {
    await subscribe(["pool.full", "denials.summary"]);
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 1 }] });
    const s = await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d1" });
    for (let i = 0; i < 3; i++)
      await refusalOf(openSession(db, f.key, { module: f.mod("cm"), clientType: "web", deviceId: `x${i}` }));
    await settle(() => ofOrganization(f.organization.id).some((e) => e.type === "pool.full"));
    // Levels are read when the feed runs (every 2 s on the leader): it sees the pool below full…
    await closeSession(db, f.key, s.id);
    await expect
      .poll(async () => {
        await feedWebhookEvents(db);
        return (
          await db
            .select()
            .from(webhookPoolLevels)
            .where(eq(webhookPoolLevels.poolId, f.pool("cm").id))
        )[0]?.state;
      })
      .toBe("normal");
    // …and full again: a second crossing.
    await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d2" });
    // A minute later the denials' minute has closed: one summary for the three refusals.
    const later = new Date(Date.now() + 2 * 60_000);
    await settle(() => ofOrganization(f.organization.id).some((e) => e.type === "denials.summary"), later);
    const events = ofOrganization(f.organization.id);
    expect(events.filter((e) => e.type === "pool.full").length).toBe(2);
    const summaries = events.filter((e) => e.type === "denials.summary");
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.data).toMatchObject({
      poolId: f.pool("cm").id,
      total: 3,
      byCode: { SESSION_LIMIT_REACHED: 3 },
    });
  });

  it("keeps retrying a failing receiver with backoff, logs every attempt, and delivers everything once it recovers", async () => {
    const endpoint = await subscribe(["seat.granted"]);
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 5 }] });
    for (let i = 0; i < 3; i++)
      await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: `d${i}` });
    receiver.state.mode = "fail";
    const start = new Date();
    await settle(
      () => receiver.state.requests.filter((r) => r.event.organizationId === f.organization.id).length >= 3,
      start,
    );
    expect(ofOrganization(f.organization.id)).toHaveLength(0);

    const failing = await listWebhookDeliveries(db, endpoint.id);
    const mine = failing.filter((d) => d.organizationId === f.organization.id);
    expect(mine).toHaveLength(3);
    for (const d of mine) {
      expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500 });
      expect(d.lastLatencyMs).toBeGreaterThanOrEqual(0);
      expect(d.nextAttemptAt!.getTime()).toBeGreaterThan(start.getTime());
    }
    expect((await getWebhookEndpoint(db, endpoint.id)).isFailing).toBe(true);
    // Not due yet: nothing is sent.
    expect((await deliverDueWebhooks(db, { now: start })).attempted).toBe(0);

    receiver.state.mode = "ok";
    const anHourLater = new Date(start.getTime() + 3_600_000);
    await settle(() => ofOrganization(f.organization.id).length === 3, anHourLater);
    await deliverDueWebhooks(db, { now: new Date(anHourLater.getTime() + 3_600_000) });
    const applied = receiver.state.requests.filter(
      (r) => r.status === 204 && r.event.organizationId === f.organization.id,
    );
    expect(applied).toHaveLength(3);
    expect(new Set(applied.map((r) => r.event.id)).size).toBe(3);
    expect((await getWebhookEndpoint(db, endpoint.id)).isFailing).toBe(false);
    const attempts = await listDeliveryAttempts(db, mine[0]!.id);
    expect(attempts.map((a) => a.statusCode)).toEqual([500, 204]);
  });

  it("loses nothing when the delivering worker dies mid-delivery: the lease expires and the same event is sent again", async () => {
    await subscribe(["seat.granted"]);
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 5 }] });
    await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d1" });
    await expect
      .poll(async () => (await feedWebhookEvents(db), await pendingOf(f.organization.id)), { timeout: 30_000 })
      .toBe(1);

    // A worker claims the delivery, POSTs it, and is killed before it can record the answer.
    const now = new Date();
    const claimed = (await claimDueDeliveries(db, now, 1_000, 60_000)).filter((c) =>
      c.body.includes(f.organization.id),
    );
    expect(claimed).toHaveLength(1);
    await sendDelivery(claimed[0]!, {});
    const sent = () => receiver.state.requests.filter((r) => r.event.organizationId === f.organization.id);
    expect(sent()).toHaveLength(1);
    // While its lease holds, no other worker sends it.
    await deliverDueWebhooks(db, { now });
    expect(sent()).toHaveLength(1);
    // After the lease, the leader sends it again with the same id; the receiver applies it once.
    await deliverDueWebhooks(db, { now: new Date(now.getTime() + 61_000) });
    expect(sent()).toHaveLength(2);
    expect(sent()[1]!.event).toEqual(sent()[0]!.event);
    expect(ofOrganization(f.organization.id)).toHaveLength(1);
    expect(await pendingOf(f.organization.id)).toBe(0);
  });

  it("never holds up the API while a receiver is slow, and gives up on one past the timeout", async () => {
    const endpoint = await subscribe(["seat.granted"]);
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 5 }] });
    await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d1" });
    await expect
      .poll(async () => (await feedWebhookEvents(db), await pendingOf(f.organization.id)), { timeout: 30_000 })
      .toBe(1);
    receiver.state.mode = "slow";
    receiver.state.delayMs = 5_000;
    let finished = false;
    const delivering = deliverDueWebhooks(db, { timeoutMs: 30_000 }).then((r) => ((finished = true), r));
    await expect
      .poll(() => receiver.state.requests.some((r) => r.event.organizationId === f.organization.id))
      .toBe(true);
    // The receiver is still answering: sessions open and close meanwhile.
    const s = await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d2" });
    expect((await closeSession(db, f.key, s.id)).ended).toBe(true);
    expect(finished).toBe(false);
    expect((await delivering).delivered).toBeGreaterThanOrEqual(1);

    // A receiver slower than the timeout: the attempt fails and is retried later.
    await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d3" });
    await expect
      .poll(async () => (await feedWebhookEvents(db), await pendingOf(f.organization.id)), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(1);
    await deliverDueWebhooks(db, { timeoutMs: 500 });
    const timedOut = (await listWebhookDeliveries(db, endpoint.id)).filter(
      (d) => d.organizationId === f.organization.id && d.status === "pending",
    );
    expect(timedOut.length).toBeGreaterThanOrEqual(1);
    for (const d of timedOut)
      expect(d).toMatchObject({ attempts: 1, lastStatusCode: null, lastError: "No answer within 0.5 s." });
  });

  it("disables an endpoint after 24 h of failures, with an event on the vendor's audit log", async () => {
    const endpoint = await subscribe(["seat.granted"]);
    receiver.state.mode = "fail";
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 5 }] });
    await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d1" });
    const start = new Date();
    await settle(() => receiver.state.requests.some((r) => r.event.organizationId === f.organization.id), start);
    expect((await getWebhookEndpoint(db, endpoint.id)).enabled).toBe(true);

    await deliverDueWebhooks(db, { now: new Date(start.getTime() + RETRY_WINDOW_MS + 60_000) });
    const disabled = await getWebhookEndpoint(db, endpoint.id);
    expect(disabled).toMatchObject({ enabled: false, isFailing: true });
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "webhook.disable"), eq(auditEvents.targetId, endpoint.id)));
    expect(audit).toMatchObject({ organizationId: null, actorType: "system" });
    const [given] = (await listWebhookDeliveries(db, endpoint.id)).filter(
      (d) => d.organizationId === f.organization.id,
    );
    expect(given).toMatchObject({ status: "failed", nextAttemptAt: null, attempts: 2 });

    // Redelivered by hand after the receiver is fixed and the endpoint enabled again.
    receiver.state.mode = "ok";
    await db.update(webhookEndpoints).set({ enabled: true }).where(eq(webhookEndpoints.id, endpoint.id));
    await redeliverWebhook(db, testOperator, endpoint.id, given!.id);
    await deliverDueWebhooks(db);
    expect(ofOrganization(f.organization.id)).toHaveLength(1);
  });

  it("backs off exponentially with jitter, and 24 h hold a dozen attempts", () => {
    expect(retryDelayMs(1, 0)).toBe(15_000);
    expect(retryDelayMs(1, 1)).toBe(30_000);
    expect(retryDelayMs(2, 1)).toBe(60_000);
    expect(retryDelayMs(5, 1)).toBe(480_000);
    expect(retryDelayMs(40, 1)).toBe(6 * 3_600_000);
    let elapsed = 0;
    let attempts = 1;
    while (elapsed + retryDelayMs(attempts, 1) <= RETRY_WINDOW_MS) elapsed += retryDelayMs(attempts++, 1);
    expect(attempts).toBeGreaterThanOrEqual(10);
  });
});

/** Pending deliveries of events of this organization. */
async function pendingOf(organizationId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        sql`${webhookDeliveries.eventId} in (select id from webhook_events where organization_id = ${organizationId})`,
      ),
    );
  return Number(row!.n);
}

describe("borrowed seats in webhooks (rule 25)", () => {
  it("tells a borrow as seat.granted to the borrow and its return or revocation as seat.freed", async () => {
    await subscribe(["seat.granted", "seat.freed"]);
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 2 }] });
    await updatePool(db, testOperator, f.contract.id, f.mod("cm"), { maxBorrowHours: 24 }, VENDOR);
    const a = await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d1" });
    const b = await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d2" });
    const lentA = await borrowSession(db, f.key, a.id, { hours: 8 });
    const lentB = await borrowSession(db, f.key, b.id, { hours: 8 });
    await returnBorrow(db, f.key, lentA.id);
    await revokeBorrow(db, testOperator, lentB.id, VENDOR);
    const borrowEvents = () => ofOrganization(f.organization.id).filter((e) => e.data.holder === "borrow");
    await settle(() => borrowEvents().length === 4);
    const events = borrowEvents();
    expect(events.filter((e) => e.type === "seat.granted").map((e) => e.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sessionId: a.id, borrowId: lentA.id, hours: 8, deviceId: "d1" }),
        expect.objectContaining({ sessionId: b.id, borrowId: lentB.id }),
      ]),
    );
    expect(events.filter((e) => e.type === "seat.freed").map((e) => e.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sessionId: a.id, borrowId: lentA.id, reason: "returned" }),
        expect.objectContaining({ sessionId: b.id, borrowId: lentB.id, reason: "borrow_revoked" }),
      ]),
    );
  });
});
