import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, notifications, users } from "@/db/schema";
import { feedNotifications } from "@/lib/notifications/feed";
import { testDb } from "@/lib/testing/db";
import { cadHolders } from "@/lib/testing/cad-holders";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import {
  accessReview,
  decideAccessReview,
  finishAccessReview,
  finishDueAccessReviews,
  previewAccessReviewFinish,
  startAccessReview,
} from "./access-reviews";
import { scheduleCapacityDecrease } from "./scheduled-changes";
import { poolUsages } from "./usage";
import { VENDOR } from "./input";

// An access review lists a named pool's holders unused for 30 days; keep or remove is marked for
// each; finishing revokes the removals in one change, offers the decrease for renewal, and every
// step is on the audit log.

const DAY = 86_400_000;

async function reviewedPool(capacity = 5, minCapacity = 0) {
  const db = await testDb();
  const now = new Date();
  const { f, org, holder, usedCad } = await cadHolders(db, {
    endsAt: new Date(now.getTime() + 90 * DAY),
    pools: [{ module: "cad", model: "named", capacity, minCapacity }],
  });
  const [ada, bob, cy, dee] = [await holder("ada"), await holder("bob"), await holder("cy"), await holder("dee")];
  // Ada used CAD yesterday (not listed); Bob 40 days ago; Cy and Dee never.
  await usedCad(ada.id, new Date(now.getTime() - DAY));
  await usedCad(bob.id, new Date(now.getTime() - 40 * DAY));
  const inUse = async () => (await poolUsages(db, { contractId: f.contract.id }))[0]!.inUse;
  const actions = async (targetId: string) =>
    (await db.select().from(auditEvents).where(eq(auditEvents.targetId, targetId))).map((e) => e.action);
  return { db, f, org, now, ada, bob, cy, dee, inUse, actions };
}

const code = async (p: Promise<unknown>) => (await refusalOf(p)).code;

describe("an access review", () => {
  it("lists the unused holders, revokes the removals in one change on finishing and offers the decrease, all audited", async () => {
    const { db, f, org, now, bob, cy, dee, inUse, actions } = await reviewedPool();
    await feedNotifications(db); // the feed has started: what follows becomes notices
    const review = await startAccessReview(
      db,
      testOperator,
      org,
      f.pool("cad").id,
      new Date(now.getTime() + 7 * DAY),
      now,
    );
    const view = await accessReview(db, org, review.id);
    expect(view!.items.map((i) => [i.username, i.decision])).toEqual([
      ["bob", null],
      ["cy", null],
      ["dee", null],
    ]);
    expect(view!.items[0]!.lastUsedAt?.getTime()).toBe(now.getTime() - 40 * DAY);

    // A second review of the pool, a past due date, a stranger's user or a finished review are refused.
    expect(
      await code(startAccessReview(db, testOperator, org, f.pool("cad").id, new Date(now.getTime() + DAY), now)),
    ).toBe("CONFLICT");
    expect(
      await code(startAccessReview(db, testOperator, org, f.pool("cad").id, new Date(now.getTime() - 1), now)),
    ).toBe("VALUE_OUT_OF_RANGE");
    expect(await code(decideAccessReview(db, testOperator, org, review.id, f.organization.id, "remove"))).toBe(
      "NOT_FOUND",
    );
    expect(await code(decideAccessReview(db, testOperator, crypto.randomUUID(), review.id, bob.id, "remove"))).toBe(
      "NOT_FOUND",
    );

    await decideAccessReview(db, testOperator, org, review.id, bob.id, "remove");
    await decideAccessReview(db, testOperator, org, review.id, cy.id, "remove");
    await decideAccessReview(db, testOperator, org, review.id, dee.id, "keep");
    expect(await previewAccessReviewFinish(db, org, review.id)).toEqual({
      removals: 2,
      impact: [expect.objectContaining({ module: f.mod("cad"), needed: -2, ok: true })],
    });
    expect(await inUse()).toBe(4);

    const outcome = await finishAccessReview(db, testOperator, org, review.id, now);
    expect(outcome).toMatchObject({ removed: [{ username: "bob" }, { username: "cy" }], kept: 1, offeredCapacity: 3 });
    expect(await inUse()).toBe(2);
    const revoked = await db
      .select({ username: users.username })
      .from(users)
      .where(and(eq(users.organizationId, org), eq(users.credentials, "revoked")));
    expect(revoked.map((u) => u.username).sort()).toEqual(["bob", "cy"]);
    expect(await code(decideAccessReview(db, testOperator, org, review.id, dee.id, "remove"))).toBe("CONFLICT");
    expect(await code(finishAccessReview(db, testOperator, org, review.id, now))).toBe("CONFLICT");

    // The owner hears of it (a notice, e-mailed at once by default) with the decrease it offers.
    const finished = async () => {
      await feedNotifications(db);
      return db
        .select()
        .from(notifications)
        .where(and(eq(notifications.organizationId, org), eq(notifications.kind, "access_review_finished")));
    };
    let notices = await finished();
    for (let i = 0; i < 20 && notices.length === 0; i++) notices = await finished();
    expect(notices).toEqual([
      expect.objectContaining({
        link: `/reviews/${review.id}?org=${org}`,
        body: expect.stringContaining("2 users' credentials were revoked and 1 kept. The review offers to decrease"),
      }),
    ]);

    // The offer, accepted, is the existing scheduled decrease.
    const scheduled = await scheduleCapacityDecrease(
      db,
      testOperator,
      f.contract.id,
      f.mod("cad"),
      outcome.offeredCapacity!,
      VENDOR,
    );
    expect(scheduled.scheduledCapacity).toBe(3);

    expect((await actions(review.id)).sort()).toEqual([
      "accessReview.decide",
      "accessReview.decide",
      "accessReview.decide",
      "accessReview.finish",
      "accessReview.start",
    ]);
    const bulk = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, org), inArray(auditEvents.action, ["user.bulkUpdate"])));
    expect(bulk).toHaveLength(1);
  });

  it("is finished by the job at its due date, undecided users kept, and a pool with nobody unused is not reviewed", async () => {
    const { db, f, org, now, bob, inUse } = await reviewedPool(4, 4);
    const review = await startAccessReview(db, testOperator, org, f.pool("cad").id, new Date(now.getTime() + DAY), now);
    await decideAccessReview(db, testOperator, org, review.id, bob.id, "remove");
    await finishDueAccessReviews(db, now);
    expect((await accessReview(db, org, review.id))!.review.finishedAt).toBeNull();
    await finishDueAccessReviews(db, new Date(now.getTime() + DAY));
    const done = await accessReview(db, org, review.id);
    expect(done!.review).toMatchObject({ removed: 1, offeredCapacity: null }); // at its minimum: no decrease to offer
    expect(await inUse()).toBe(3);

    const empty = await makeOrganization(db, { pools: [{ module: "cad", model: "named", capacity: 2 }] });
    expect(
      await code(
        startAccessReview(
          db,
          testOperator,
          empty.organization.id,
          empty.pool("cad").id,
          new Date(now.getTime() + DAY),
          now,
        ),
      ),
    ).toBe("INVALID");
  });

  it("is due at the end of its day in the organization's time zone, and finished by the job only from then", async () => {
    const db = await testDb();
    // 15 Jan 2027 ends at 11:00 UTC that day in Auckland (NZDT, UTC+13) and at 08:00 UTC the
    // next day in Los Angeles (PST, UTC-8); a UTC reading would end it at midnight UTC instead.
    const now = new Date("2027-01-05T12:00:00Z");
    const zones = [
      { timeZone: "Pacific/Auckland", end: new Date("2027-01-15T11:00:00Z") },
      { timeZone: "America/Los_Angeles", end: new Date("2027-01-16T08:00:00Z") },
    ];
    for (const { timeZone, end } of zones) {
      const { f, org, holder } = await cadHolders(db, {
        timeZone,
        pools: [{ module: "cad", model: "named", capacity: 2 }],
      });
      await holder("ann");
      const pool = f.pool("cad").id;
      const review = await startAccessReview(db, testOperator, org, pool, "2027-01-15", now);
      expect(review.dueAt).toEqual(end);
      const finishedAt = async () => (await accessReview(db, org, review.id))!.review.finishedAt;
      await finishDueAccessReviews(db, new Date(end.getTime() - 1));
      expect(await finishedAt()).toBeNull();
      await finishDueAccessReviews(db, end);
      expect(await finishedAt()).toEqual(end);
      // The day is refused once it has ended there, and taken while it lasts there.
      expect(await code(startAccessReview(db, testOperator, org, pool, "2027-01-15", end))).toBe("VALUE_OUT_OF_RANGE");
      const lastMoment = new Date(end.getTime() - 60_000);
      const again = await startAccessReview(db, testOperator, org, pool, "2027-01-15", lastMoment);
      expect(again.dueAt).toEqual(end);
    }
  });
});
