import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  auditEvents,
  consoleAccounts,
  consoleSessions,
  denials,
  deviceActivations,
  notificationMails,
  notifications,
  sessions,
  signInThrottles,
  usageSamples,
} from "@/db/schema";
import { makeOrganization } from "@/lib/testing/fixtures";
import { testDb } from "@/lib/testing/db";
import { noticesFor } from "@/lib/notifications/queries";
import { pruneOldRows } from "./retention";

const ago = (ms: number) => new Date(Date.now() - ms);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("retention (SPEC §6)", () => {
  it("prunes minute samples after 48 h, client activity and ended rows after the retention days, and changes and denials after 13 months", async () => {
    const db = await testDb();
    const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 5 }] });
    const org = f.organization.id;
    const pool = f.pool("cc");
    const sample = (at: Date) => ({
      organizationId: org,
      poolId: pool.id,
      bucket: at,
      capacity: 5,
      peakInUse: 1,
      avgInUse: 1,
    });
    await db
      .insert(usageSamples)
      .values([sample(ago(72 * HOUR)), sample(ago(50 * HOUR)), sample(ago(47 * HOUR)), sample(ago(HOUR))]);
    const session = (endedAt: Date | null, deviceId: string) => ({
      organizationId: org,
      contractId: f.contract.id,
      poolId: pool.id,
      clientType: "desktop" as const,
      deviceId,
      seatsHeld: 0,
      startedAt: ago(200 * DAY),
      expiresAt: ago(199 * DAY),
      endedAt,
    });
    await db
      .insert(sessions)
      .values([session(ago(100 * DAY), "old"), session(ago(10 * DAY), "recent"), session(null, "live")]);
    const activation = (endedAt: Date | null, fingerprint: string) => ({
      organizationId: org,
      contractId: f.contract.id,
      poolId: pool.id,
      fingerprint,
      platform: "desktop" as const,
      leaseExpiresAt: ago(150 * DAY),
      activatedAt: ago(200 * DAY),
      endedAt,
    });
    await db.insert(deviceActivations).values([activation(ago(95 * DAY), "old"), activation(ago(5 * DAY), "recent")]);
    const event = (action: string, at: Date) => ({
      organizationId: org,
      actorType: "system" as const,
      actorLabel: "test",
      action,
      targetType: "session",
      createdAt: at,
    });
    await db
      .insert(auditEvents)
      .values([
        event("session.open", ago(91 * DAY)),
        event("activation.release", ago(91 * DAY)),
        event("session.open", ago(80 * DAY)),
        event("contract.update", ago(91 * DAY)),
        event("contract.update", ago(400 * DAY)),
      ]);
    const denial = (at: Date) => ({
      organizationId: org,
      kind: "session" as const,
      code: "SESSION_LIMIT_REACHED",
      message: "full",
      actor: "key:test",
      createdAt: at,
    });
    await db.insert(denials).values([denial(ago(91 * DAY)), denial(ago(400 * DAY))]);

    // Batches of 1 prove the loop: each table needs several statements.
    await pruneOldRows(db, { retentionDays: 90, batchSize: 1, organizationId: org });

    const buckets = await db
      .select({ at: usageSamples.bucket })
      .from(usageSamples)
      .where(eq(usageSamples.organizationId, org));
    expect(buckets).toHaveLength(2);
    const left = await db
      .select({ deviceId: sessions.deviceId })
      .from(sessions)
      .where(eq(sessions.organizationId, org));
    expect(left.map((s) => s.deviceId).sort()).toEqual(["live", "recent"]);
    const devices = await db
      .select({ fingerprint: deviceActivations.fingerprint })
      .from(deviceActivations)
      .where(eq(deviceActivations.organizationId, org));
    expect(devices.map((d) => d.fingerprint)).toEqual(["recent"]);
    const events = await db
      .select({
        action: auditEvents.action,
        days: sql<number>`round(extract(epoch from now() - ${auditEvents.createdAt}) / 86400)::int`,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, org), eq(auditEvents.actorLabel, "test")));
    expect(events.sort((a, b) => a.days - b.days)).toEqual([
      { action: "session.open", days: 80 },
      { action: "contract.update", days: 91 },
    ]);
    const refused = await db.select({ id: denials.id }).from(denials).where(eq(denials.organizationId, org));
    expect(refused).toHaveLength(1);
  });

  it("stops after the batches it was given and leaves the rest for the next run", async () => {
    const db = await testDb();
    const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 5 }] });
    const pool = f.pool("cc");
    await db.insert(usageSamples).values(
      [3, 4, 5, 6, 7].map((d) => ({
        organizationId: f.organization.id,
        poolId: pool.id,
        bucket: ago(d * DAY),
        capacity: 5,
        peakInUse: 0,
        avgInUse: 0,
      })),
    );
    const first = await pruneOldRows(db, {
      retentionDays: 90,
      batchSize: 1,
      maxBatches: 2,
      organizationId: f.organization.id,
    });
    expect(first.usageSamples).toBeLessThanOrEqual(2);
    const remaining = () =>
      db
        .select({ at: usageSamples.bucket })
        .from(usageSamples)
        .where(eq(usageSamples.organizationId, f.organization.id));
    expect((await remaining()).length).toBeGreaterThanOrEqual(3);
    await pruneOldRows(db, { retentionDays: 90, organizationId: f.organization.id });
    expect(await remaining()).toHaveLength(0);
  });

  it("forgets sign-in throttles a day past their last attempt and console sessions idle past the idle timeout", async () => {
    const db = await testDb();
    const tag = crypto.randomUUID();
    const [account] = await db
      .insert(consoleAccounts)
      .values({ email: `retention-${tag}@test.example`, passwordHash: "x", role: "operator" })
      .returning();
    const [idle, recent] = await db
      .insert(consoleSessions)
      .values([
        { accountId: account!.id, createdAt: ago(2 * DAY), lastSeenAt: ago(9 * HOUR) },
        { accountId: account!.id, lastSeenAt: ago(HOUR) },
      ])
      .returning();
    await db.insert(signInThrottles).values([
      { key: `account:old-${tag}`, attempts: 7, lastAttemptAt: ago(2 * DAY), nextAttemptAt: ago(2 * DAY) },
      { key: `account:new-${tag}`, attempts: 7, lastAttemptAt: ago(HOUR), nextAttemptAt: ago(HOUR) },
    ]);

    await pruneOldRows(db, {
      retentionDays: 90,
      only: ["signInThrottles", "consoleSessions"],
      consoleSessionIdleMinutes: 480,
    });

    const left = await db
      .select({ id: consoleSessions.id })
      .from(consoleSessions)
      .where(eq(consoleSessions.accountId, account!.id));
    expect(left.map((r) => r.id)).toEqual([recent!.id]);
    expect(left.map((r) => r.id)).not.toContain(idle!.id);
    const throttles = await db
      .select({ key: signInThrottles.key })
      .from(signInThrottles)
      .where(sql`${signInThrottles.key} like ${`%${tag}`}`);
    expect(throttles.map((r) => r.key)).toEqual([`account:new-${tag}`]);
  });

  it("removes notices after 13 months and their settled mail rows after 30 days, never a mail still to be sent", async () => {
    const db = await testDb();
    const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 5 }] });
    const org = f.organization.id;
    // The clock is injected: a year and a half from now, so every age below is measured from it.
    const now = new Date(Date.now() + 540 * DAY);
    const before = (ms: number) => new Date(now.getTime() - ms);
    const accounts = await db
      .insert(consoleAccounts)
      .values(
        ["a", "b", "c", "d", "e"].map((who) => ({
          email: `notices-${who}-${crypto.randomUUID()}@test.example`,
          passwordHash: "x",
          role: "owner" as const,
          organizationId: org,
        })),
      )
      .returning();
    const notice = (name: string, createdAt: Date) => ({
      organizationId: org,
      kind: "pool_full",
      title: name,
      body: "test",
      link: "/dashboard",
      source: `retention:${crypto.randomUUID()}`,
      occurredAt: createdAt,
      createdAt,
    });
    const [old, oldStillDue, recent] = await db
      .insert(notifications)
      .values([
        notice("old", before(400 * DAY)),
        notice("old, digest due", before(400 * DAY)),
        notice("recent", before(60 * DAY)),
      ])
      .returning();
    type Status = "pending" | "sending" | "sent" | "skipped" | "failed";
    const mailRow = (notificationId: string, account: number, status: Status, dueAt: Date) => ({
      notificationId,
      accountId: accounts[account]!.id,
      digest: false,
      dueAt,
      status,
    });
    await db
      .insert(notificationMails)
      .values([
        mailRow(old!.id, 0, "sent", before(400 * DAY)),
        mailRow(oldStillDue!.id, 0, "pending", before(HOUR)),
        mailRow(recent!.id, 0, "sent", before(31 * DAY)),
        mailRow(recent!.id, 1, "skipped", before(31 * DAY)),
        mailRow(recent!.id, 2, "failed", before(31 * DAY)),
        mailRow(recent!.id, 3, "sending", before(31 * DAY)),
        mailRow(recent!.id, 4, "sent", before(29 * DAY)),
      ]);

    const prune = (at?: Date) =>
      pruneOldRows(db, {
        retentionDays: 90,
        organizationId: org,
        only: ["notifications", "notificationMails"],
        now: at,
      });
    // At today's clock every row is young.
    expect(await prune()).toEqual({ notifications: 0, notificationMails: 0 });
    expect(await prune(now)).toEqual({ notifications: 1, notificationMails: 3 });
    const left = await db
      .select({ title: notifications.title })
      .from(notifications)
      .where(eq(notifications.organizationId, org));
    expect(left.map((n) => n.title).sort()).toEqual(["old, digest due", "recent"]);
    const mails = await db
      .select({ notificationId: notificationMails.notificationId, status: notificationMails.status })
      .from(notificationMails)
      .where(eq(notificationMails.accountId, accounts[0]!.id));
    expect(mails).toEqual([{ notificationId: oldStillDue!.id, status: "pending" }]);
    const statuses = await db
      .select({ status: notificationMails.status })
      .from(notificationMails)
      .where(eq(notificationMails.notificationId, recent!.id));
    expect(statuses.map((m) => m.status).sort()).toEqual(["sending", "sent"]);

    // The list keeps the notice and no longer claims it was left unmailed by choice.
    const owner = { type: "account", id: accounts[1]!.id, label: "b", role: "owner", organizationId: org } as const;
    const listed = (await noticesFor(db, owner, 1, now)).rows.find((n) => n.id === recent!.id);
    expect(listed).toMatchObject({ mail: null, mailForgotten: true });
  });
});
