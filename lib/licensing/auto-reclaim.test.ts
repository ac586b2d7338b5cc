import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, notificationMails, notifications, users, webhookEndpoints, webhookEvents } from "@/db/schema";
import { createAccount } from "@/lib/auth/accounts";
import { testDb, unique } from "@/lib/testing/db";
import { cadHolders } from "@/lib/testing/cad-holders";
import { testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { feedWebhookEvents } from "@/lib/webhooks/feed";
import { reclaimUnusedSeats } from "./auto-reclaim";
import { updatePool } from "./capacity";
import { VENDOR } from "./input";

// Auto-reclaim with an injected clock: a named pool set to 30 days announces each holder unused
// for 23 days to its admins (once), and revokes their credentials once unused for 30 days and
// announced a week before — one audit row each, sent as seat.freed with reason `reclaimed`.

const DAY = 86_400_000;

const code = async (p: Promise<unknown>) => (await refusalOf(p)).code;

describe("auto-reclaim of unused named seats", () => {
  it("announces a week ahead, then revokes and audits each unused holder, told as seat.freed", async () => {
    const db = await testDb();
    const now = new Date();
    const at = (days: number) => new Date(now.getTime() + days * DAY + 60_000);
    const { f, org, holder, usedCad } = await cadHolders(db, {
      pools: [
        { module: "cad", model: "named", capacity: 5 },
        { module: "cc", model: "concurrent", capacity: 5 },
      ],
    });
    const admin = await createAccount(db, testOperator, {
      email: `${unique("admin")}@reclaim.test`,
      password: "quiet-harbour-lantern-41",
      role: "admin",
      organizationId: org,
    });

    // Off by default; a concurrent pool and a week or less are refused.
    expect(f.pool("cad").autoReclaimDays).toBeNull();
    expect(await code(updatePool(db, testOperator, f.contract.id, f.mod("cc"), { autoReclaimDays: 30 }, VENDOR))).toBe(
      "INVALID",
    );
    expect(await code(updatePool(db, testOperator, f.contract.id, f.mod("cad"), { autoReclaimDays: 7 }, VENDOR))).toBe(
      "VALUE_OUT_OF_RANGE",
    );
    await updatePool(db, testOperator, f.contract.id, f.mod("cad"), { autoReclaimDays: 30 }, VENDOR);

    const [ada, bob, cy] = [await holder("ada"), await holder("bob"), await holder("cy")];
    // Ada uses CAD on day 10; Bob never; Cy's seat is two months old, unused, and never announced.
    await usedCad(ada.id, at(10));
    await db
      .update(users)
      .set({ seatGrantedAt: new Date(now.getTime() - 60 * DAY) })
      .where(eq(users.id, cy.id));

    // An endpoint that wants seat.freed, so the feed writes the events this test reads.
    const [endpoint] = await db
      .insert(webhookEndpoints)
      .values({ url: "http://127.0.0.1:9/reclaim", secret: "s", events: ["seat.freed"], enabled: true })
      .returning();
    try {
      await feedWebhookEvents(db);
      const noticed = async () =>
        (await db.select().from(notifications).where(eq(notifications.organizationId, org))).map((n) => n.title).sort();

      // Day 20: Cy is overdue but unannounced: told now, not reclaimed.
      expect(await reclaimUnusedSeats(db, at(20))).toEqual({ announced: 1, reclaimed: 0 });
      // Day 23: Bob's week's notice; Cy still waits for hers to be a week old; nothing twice.
      expect(await reclaimUnusedSeats(db, at(23))).toEqual({ announced: 1, reclaimed: 0 });
      expect(await reclaimUnusedSeats(db, at(23))).toEqual({ announced: 0, reclaimed: 0 });
      expect(await noticed()).toEqual([
        expect.stringMatching(/^bob's .* seat will be reclaimed$/),
        expect.stringMatching(/^cy's .* seat will be reclaimed$/),
      ]);
      // The admin is e-mailed at once (the outbox row its role's default asks for).
      const mails = await db.select().from(notificationMails).where(eq(notificationMails.accountId, admin.id));
      expect(mails.map((m) => m.digest)).toEqual([false, false]);

      // Day 30: Bob and Cy are reclaimed; Ada, who used it on day 10, keeps hers.
      expect(await reclaimUnusedSeats(db, at(30))).toEqual({ announced: 0, reclaimed: 2 });
      expect(await reclaimUnusedSeats(db, at(30))).toEqual({ announced: 0, reclaimed: 0 });
      const credentials = await db
        .select({ username: users.username, credentials: users.credentials })
        .from(users)
        .where(eq(users.organizationId, org));
      expect(Object.fromEntries(credentials.map((u) => [u.username, u.credentials]))).toEqual({
        ada: "issued",
        bob: "revoked",
        cy: "revoked",
      });
      const audited = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.organizationId, org), eq(auditEvents.action, "user.reclaim")));
      expect(audited.map((a) => a.targetId).sort()).toEqual([bob.id, cy.id].sort());
      expect(audited[0]!.actorType).toBe("system");

      // The webhook feed tells both as seat.freed with reason `reclaimed`.
      const freed = async () => {
        await feedWebhookEvents(db);
        return db
          .select()
          .from(webhookEvents)
          .where(and(eq(webhookEvents.organizationId, org), inArray(webhookEvents.type, ["seat.freed"])));
      };
      let events = await freed();
      for (let i = 0; i < 20 && events.length < 2; i++) events = await freed();
      expect(events.map((e) => [e.data.username, e.data.reason]).sort()).toEqual([
        ["bob", "reclaimed"],
        ["cy", "reclaimed"],
      ]);
    } finally {
      await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint!.id));
    }
  });
});
