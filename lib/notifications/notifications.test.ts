import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notificationMails, notificationPoolLevels, notifications, organizations } from "@/db/schema";
import type { Database } from "@/db/client";
import { createAccount } from "@/lib/auth/accounts";
import { systemActor } from "@/lib/licensing/actor";
import { applyDueScheduledChanges, scheduleCapacityDecrease } from "@/lib/licensing/scheduled-changes";
import { recordDenial } from "@/lib/licensing/denials";
import { LicensingError } from "@/lib/licensing/errors";
import { closeSession } from "@/lib/licensing/sessions/close";
import { openSession } from "@/lib/licensing/sessions/open";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { startMailServer, type MailServer } from "@/lib/testing/mail-server";
import { useMailServer } from "@/lib/testing/mail-settings";
import { feedNotifications } from "./feed";
import { claimDueMails, LEASE_MS, sendDueNotifications } from "./mailer";
import { preferencesOf, setPreference } from "./preferences";
import { remindRenewals } from "./renewals";
import { noticesFor } from "./queries";
import { readUnsubscribeToken, unsubscribe } from "./unsubscribe";
import { VENDOR } from "@/lib/licensing/input";

// Notices end to end against a real SMTP server: the engine's changes become notices once, the
// job leader's sender mails them to the accounts that want them (now or in the 08:00 digest),
// and an outbox row is sent once whatever the sender went through.

let db: Database;
let mail: MailServer;
const PASSWORD = "quiet-harbour-lantern-41";

const useMail = (on: boolean) => useMailServer(on ? mail.url : null);

beforeAll(async () => {
  db = await testDb();
  mail = await startMailServer();
  useMail(true);
  await feedNotifications(db);
});
afterAll(async () => {
  useMail(false);
  await mail.close();
});

/** An organization with a concurrent pool of `capacity` (perpetual unless it ends), an owner and an admin. */
async function organization(capacity: number, endsAt: Date | null = null) {
  const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity }], endsAt });
  const account = (role: "owner" | "admin") =>
    createAccount(db, testOperator, {
      email: `${unique(role)}@notify.test`,
      password: PASSWORD,
      role,
      organizationId: f.organization.id,
    });
  return { ...f, owner: await account("owner"), admin: await account("admin") };
}

const open = (f: Awaited<ReturnType<typeof organization>>, device: string) =>
  openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: device });

const noticesOf = (organizationId: string, kind?: string) =>
  db
    .select()
    .from(notifications)
    .where(
      kind
        ? and(eq(notifications.organizationId, organizationId), eq(notifications.kind, kind))
        : eq(notifications.organizationId, organizationId),
    );

/** Runs the feed until `count` notices of the kind exist (it reads behind transactions still running). */
async function fedUntil(organizationId: string, kind: string, count = 1, at: Date = new Date()) {
  await expect
    .poll(
      async () => {
        await feedNotifications(db, at);
        return (await noticesOf(organizationId, kind)).length;
      },
      { timeout: 30_000, interval: 100 },
    )
    .toBe(count);
}

describe("notifications", () => {
  it("mails a pool that fills to its owner and admin once, with the page that explains it and a one-click unsubscribe", async () => {
    const f = await organization(2);
    await open(f, "d1");
    await open(f, "d2");
    await fedUntil(f.organization.id, "pool_full");
    await sendDueNotifications(db);

    for (const account of [f.owner, f.admin]) {
      const received = mail.to(account.email);
      expect(received).toHaveLength(1);
      const [message] = received;
      expect(message!.subject).toContain("is full");
      expect(message!.text).toContain(`/dashboard?org=${f.organization.id}`);
      expect(message!.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
      const header = message!.headers["list-unsubscribe"]!;
      expect(header).toMatch(/^<https?:\/\/\S+\/unsubscribe\/\S+\/one-click>$/);
      const token = /\/unsubscribe\/([^/>]+)\/one-click/.exec(header)![1]!;
      expect(readUnsubscribeToken(token)).toEqual({ accountId: account.id, kind: "pool_full" });
    }
    // The console's list shows it to both, as e-mailed.
    const { rows } = await noticesFor(db, {
      type: "account",
      id: f.owner.id,
      label: f.owner.email,
      role: "owner",
      organizationId: f.organization.id,
    });
    expect(rows.map((r) => [r.kind, r.mail?.status])).toEqual([["pool_full", "sent"]]);
    // Running the feed and the sender again writes and sends nothing more.
    await feedNotifications(db);
    await sendDueNotifications(db);
    expect(mail.to(f.owner.email)).toHaveLength(1);
  });

  it("notifies a crossing once while the pool oscillates at its limit", async () => {
    const f = await organization(1);
    for (let round = 0; round < 4; round++) {
      const s = await open(f, `d${round}`);
      await fedUntil(f.organization.id, "pool_full");
      await closeSession(db, f.key, s.id);
      // The feed sees the pool back to normal before the next round fills it again.
      await expect
        .poll(
          async () => {
            await feedNotifications(db);
            const [level] = await db
              .select()
              .from(notificationPoolLevels)
              .where(eq(notificationPoolLevels.poolId, f.pool("cm").id));
            return level?.state;
          },
          { timeout: 30_000, interval: 100 },
        )
        .toBe("normal");
    }
    expect(await noticesOf(f.organization.id, "pool_full")).toHaveLength(1);
    await sendDueNotifications(db);
    expect(mail.to(f.owner.email).filter((m) => m.subject.includes("is full"))).toHaveLength(1);
  });

  it("puts a notice in the 08:00 digest of the organization's zone for an account that chose it", async () => {
    const f = await organization(1);
    await db.update(organizations).set({ timeZone: "Asia/Tokyo" }).where(eq(organizations.id, f.organization.id));
    await setPreference(db, f.owner.id, "pool_full", "digest");
    await setPreference(db, f.owner.id, "pool_near_limit", "digest");
    // An injected clock: 20:00 in Tokyo; the digest is due at 08:00 there the next morning.
    const evening = new Date("2031-05-06T11:00:00Z");
    await open(f, "d1");
    await fedUntil(f.organization.id, "pool_full", 1, evening);
    const [row] = await db.select().from(notificationMails).where(eq(notificationMails.accountId, f.owner.id));
    expect(row!.digest).toBe(true);
    expect(row!.dueAt.toISOString()).toBe("2031-05-06T23:00:00.000Z");

    await sendDueNotifications(db, new Date("2031-05-06T22:59:00Z"));
    expect(mail.to(f.owner.email)).toHaveLength(0);
    // The admin kept the default (immediately).
    expect(mail.to(f.admin.email)).toHaveLength(1);
    await sendDueNotifications(db, row!.dueAt);
    const [digest, ...more] = mail.to(f.owner.email);
    expect(more).toHaveLength(0);
    expect(digest!.subject).toBe("Seatkeeper daily digest: 1 notice");
    expect(digest!.text).toContain("is full");
  });

  it("sends a row once when the sender died between claiming it and sending it, and once when run twice", async () => {
    const f = await organization(1);
    await open(f, "d1");
    const now = new Date();
    await fedUntil(f.organization.id, "pool_full", 1, now);
    // A sender claims every due row, then is killed before it sends anything.
    const claimed = await claimDueMails(db, now);
    expect(claimed.filter((c) => c.accountId === f.owner.id)).toHaveLength(1);
    const ownerRow = () =>
      db
        .select()
        .from(notificationMails)
        .where(eq(notificationMails.accountId, f.owner.id))
        .then((rows) => rows[0]!);
    expect((await ownerRow()).status).toBe("sending");
    // The next run, while the dead sender's lease holds, leaves its rows alone.
    await sendDueNotifications(db, new Date(now.getTime() + 1_000));
    expect(mail.to(f.owner.email)).toHaveLength(0);
    // Once the lease has lapsed the row is claimed again and sent; later runs send nothing more.
    const later = new Date(now.getTime() + LEASE_MS + 1_000);
    await Promise.all([sendDueNotifications(db, later), sendDueNotifications(db, later)]);
    await sendDueNotifications(db, new Date(later.getTime() + LEASE_MS + 1_000));
    expect(mail.to(f.owner.email)).toHaveLength(1);
    const row = await ownerRow();
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(2);
    expect(mail.to(f.owner.email)[0]!.messageId).toBe(`<notice-${row.id}@localhost>`);
  });

  it("keeps notices in the console's list when mail is not configured, and sends none of them later", async () => {
    useMail(false);
    try {
      const f = await organization(1);
      await open(f, "d1");
      await fedUntil(f.organization.id, "pool_full");
      await sendDueNotifications(db);
      const owner = {
        type: "account",
        id: f.owner.id,
        label: f.owner.email,
        role: "owner",
        organizationId: f.organization.id,
      } as const;
      const { rows } = await noticesFor(db, owner);
      expect(rows.map((r) => [r.kind, r.mail?.status])).toEqual([["pool_full", "skipped"]]);
      useMail(true);
      await sendDueNotifications(db);
      expect(mail.to(f.owner.email)).toHaveLength(0);
    } finally {
      useMail(true);
    }
  });

  it("turns a kind off for one account from its signed token, and refuses a forged one", async () => {
    const f = await organization(1);
    const first = await open(f, "d1");
    await fedUntil(f.organization.id, "pool_full");
    await sendDueNotifications(db);
    const header = mail.to(f.owner.email)[0]!.headers["list-unsubscribe"]!;
    const token = /\/unsubscribe\/([^/>]+)\/one-click/.exec(header)![1]!;
    const [payload, signature] = token.split(".");
    const forged = `${Buffer.from(`${f.admin.id}:pool_full`).toString("base64url")}.${signature}`;
    expect(await unsubscribe(db, forged)).toBe(false);
    expect(await unsubscribe(db, `${payload}.x${signature!.slice(1)}`)).toBe(false);
    expect(await unsubscribe(db, "not-a-token")).toBe(false);
    expect(await unsubscribe(db, token)).toBe("pool_full");
    const choice = async (accountId: string, role: "owner" | "admin") =>
      (await preferencesOf(db, { id: accountId, role })).find((p) => p.kind === "pool_full")!.delivery;
    expect(await choice(f.owner.id, "owner")).toBe("off");
    expect(await choice(f.admin.id, "admin")).toBe("immediately");

    // The next day's crossing is mailed to the admin only; the owner still finds it listed.
    await closeSession(db, f.key, first.id);
    await expect
      .poll(
        async () => {
          await feedNotifications(db);
          const [level] = await db
            .select()
            .from(notificationPoolLevels)
            .where(eq(notificationPoolLevels.poolId, f.pool("cm").id));
          return level?.state;
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe("normal");
    await open(f, "d2");
    const tomorrow = new Date(Date.now() + 86_400_000);
    await fedUntil(f.organization.id, "pool_full", 2, tomorrow);
    await sendDueNotifications(db, tomorrow);
    expect(mail.to(f.admin.email)).toHaveLength(2);
    expect(mail.to(f.owner.email)).toHaveLength(1);
    const owner = {
      type: "account",
      id: f.owner.id,
      label: f.owner.email,
      role: "owner",
      organizationId: f.organization.id,
    } as const;
    expect((await noticesFor(db, owner)).rows.map((r) => r.mail?.status ?? "not mailed")).toEqual([
      "not mailed",
      "sent",
    ]);
  });

  it("reminds the owner 30, then 7 days before an unrenewed contract ends, each once", async () => {
    const now = new Date();
    const f = await makeOrganization(db, {
      pools: [{ module: "cm", model: "concurrent", capacity: 1 }],
      endsAt: new Date(now.getTime() + 20 * 86_400_000),
    });
    await createAccount(db, testOperator, {
      email: `${unique("owner")}@notify.test`,
      password: PASSWORD,
      role: "owner",
      organizationId: f.organization.id,
    });
    await remindRenewals(db, now);
    await remindRenewals(db, now);
    expect((await noticesOf(f.organization.id, "renewal_ahead")).map((n) => n.title)).toEqual([
      expect.stringContaining("ends in 20 days"),
    ]);
    const weekBefore = new Date(now.getTime() + 14 * 86_400_000);
    await remindRenewals(db, weekBefore);
    await remindRenewals(db, new Date(weekBefore.getTime() + 3_600_000));
    const titles = (await noticesOf(f.organization.id, "renewal_ahead")).map((n) => n.title).sort();
    expect(titles).toEqual([expect.stringContaining("ends in 20 days"), expect.stringContaining("ends in 6 days")]);
  });

  it("tells the organization of a scheduled decrease refused and of the directory refused for lack of licences", async () => {
    const f = await organization(3, new Date(Date.now() + 30 * 86_400_000));
    await open(f, "d1");
    await open(f, "d2");
    await scheduleCapacityDecrease(db, testOperator, f.contract.id, f.mod("cm"), 1, VENDOR);
    await applyDueScheduledChanges(db, new Date(Date.now() + 31 * 86_400_000));
    await fedUntil(f.organization.id, "scheduled_change");
    const [change] = await noticesOf(f.organization.id, "scheduled_change");
    expect(change!.title).toContain("scheduled decrease refused");
    expect(change!.link).toBe(`/contract?org=${f.organization.id}`);

    const shortage = new LicensingError("INSUFFICIENT_LICENSES", "Not enough licences for this change.");
    for (const username of ["ada", "grace"])
      await recordDenial(db, systemActor, shortage, { kind: "directory", organizationId: f.organization.id, username });
    // A denial is read once its grace has passed; the two of one day make one notice.
    const afterGrace = new Date(Date.now() + 60_000);
    await fedUntil(f.organization.id, "directory_refused", 1, afterGrace);
    const [refused] = await noticesOf(f.organization.id, "directory_refused");
    expect(refused!.body).toContain("2 changes");
    // Admins get it at once by default; owners do not.
    await sendDueNotifications(db, afterGrace);
    expect(mail.to(f.admin.email).map((m) => m.subject)).toContain(
      "Seatkeeper: The directory was refused for lack of licences",
    );
    expect(mail.to(f.owner.email).map((m) => m.subject)).not.toContain(
      "Seatkeeper: The directory was refused for lack of licences",
    );
  });
});
