import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { accessReviewLinks, auditEvents, users } from "@/db/schema";
import { cadHolders } from "@/lib/testing/cad-holders";
import { testDb } from "@/lib/testing/db";
import { testOperator } from "@/lib/testing/fixtures";
import { linkIn, startMailServer, type MailServer } from "@/lib/testing/mail-server";
import { useMailServer } from "@/lib/testing/mail-settings";
import { refusalOf } from "@/lib/testing/refusal";
import { accessReview, decideAccessReview, finishAccessReview, startAccessReview } from "./access-reviews";
import { decideByReviewLink, reviewLink, sendReviewLinks } from "./review-links";
import { createUser } from "./users";

// Access reviews decided by the listed users' managers: when a review starts, each listed user
// with a manager is assigned to that manager, who gets one e-mail (a real SMTP server here) with a
// personal link; the link decides only their reports, until the due day ends or the review
// finishes; every decision is audited with who took it. The rest stay with the owners and admins,
// who may decide any item.

let db: Database;
let mail: MailServer;
const DAY = 86_400_000;

beforeAll(async () => {
  db = await testDb();
  mail = await startMailServer();
  useMailServer(mail.url);
});
afterAll(async () => {
  useMailServer(null);
  await mail.close();
});

describe("an access review decided by managers", () => {
  it("e-mails each manager one link that decides only their reports, audited as theirs, until the review ends", async () => {
    const now = new Date();
    const { f, org, holder } = await cadHolders(db, {
      timeZone: "Pacific/Auckland",
      endsAt: new Date(now.getTime() + 90 * DAY),
      pools: [{ module: "cad", model: "named", capacity: 5 }],
    });
    const mia = await createUser(db, testOperator, org, { username: "mia", email: "mia@managers.test" });
    const ann = await holder("ann", mia.id);
    const bo = await holder("bo", mia.id);
    const cy = await holder("cy");
    const review = await startAccessReview(
      db,
      testOperator,
      org,
      f.pool("cad").id,
      new Date(now.getTime() + 7 * DAY),
      now,
    );

    // Ann and Bo are Mia's to decide; Cy stays with the owners and admins.
    const deciders = async () =>
      Object.fromEntries((await accessReview(db, org, review.id))!.items.map((i) => [i.username, i.decider]));
    expect(await deciders()).toEqual({ ann: "mia", bo: "mia", cy: null });

    // One e-mail to Mia, sent once however often the sender runs.
    expect(await sendReviewLinks(db, now)).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(await sendReviewLinks(db, now)).toEqual({ sent: 0, skipped: 0, failed: 0 });
    const toMia = mail.messages.filter((m) => m.to.includes("mia@managers.test"));
    expect(toMia).toHaveLength(1);
    expect(toMia[0]!.subject).toMatch(/^Access review of .*: decide by \d+ \w+ \d{4} \(Pacific\/Auckland\)$/);
    expect(toMia[0]!.text).toContain("ann, bo");
    expect(toMia[0]!.text).not.toContain("cy");
    const url = linkIn(toMia[0]!, "/review-link/");
    const token = url!.split("/review-link/")[1]!;
    // Only the token's hash is stored.
    const [link] = await db.select().from(accessReviewLinks).where(eq(accessReviewLinks.reviewId, review.id));
    expect(link).toMatchObject({ status: "sent", managerId: mia.id });
    expect(link!.tokenHash).not.toContain(token);

    // The link's page: whose review, by when, and Mia's reports only.
    const view = await reviewLink(db, token, now);
    expect(view).toMatchObject({ state: "open", manager: "mia", organization: f.organization.name });
    expect(view.state === "open" && view.items.map((i) => i.username)).toEqual(["ann", "bo"]);
    expect(await reviewLink(db, "x".repeat(43), now)).toEqual({ state: "unknown" });
    expect(await reviewLink(db, token, review.dueAt)).toEqual({ state: "expired" });

    // Mia decides Ann; Cy is not hers; a wrong token decides nothing.
    await decideByReviewLink(db, token, ann.id, "remove", now);
    expect((await refusalOf(decideByReviewLink(db, token, cy.id, "keep", now))).code).toBe("NOT_FOUND");
    expect((await refusalOf(decideByReviewLink(db, "y".repeat(43), ann.id, "keep", now))).code).toBe("NOT_FOUND");
    expect((await refusalOf(decideByReviewLink(db, token, bo.id, "keep", review.dueAt))).code).toBe("CONFLICT");
    // The owner (here the vendor's operator) may decide any item, a manager's too.
    await decideAccessReview(db, testOperator, org, review.id, bo.id, "keep");
    await decideAccessReview(db, testOperator, org, review.id, cy.id, "keep");

    const items = (await accessReview(db, org, review.id))!.items;
    expect(items.map((i) => [i.username, i.decision, i.decidedBy])).toEqual([
      ["ann", "remove", "mia via review link"],
      ["bo", "keep", testOperator.label],
      ["cy", "keep", testOperator.label],
    ]);
    const decided = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, review.id), eq(auditEvents.action, "accessReview.decide")));
    const byMia = decided.filter((e) => e.actorLabel === "mia via review link");
    expect(byMia).toHaveLength(1);
    expect(byMia[0]!.after).toMatchObject({ username: "ann", decision: "remove", via: "review link" });

    // Finishing revokes Ann's credentials; the link then only says the review has ended.
    await finishAccessReview(db, testOperator, org, review.id, now);
    const [annNow] = await db.select({ credentials: users.credentials }).from(users).where(eq(users.id, ann.id));
    expect(annNow!.credentials).toBe("revoked");
    expect(await reviewLink(db, token, now)).toEqual({ state: "finished" });
    expect((await refusalOf(decideByReviewLink(db, token, bo.id, "remove", now))).code).toBe("CONFLICT");
  });

  it("without mail the links are not sent and the owners decide every item", async () => {
    useMailServer(null);
    try {
      const now = new Date();
      const { f, org, holder } = await cadHolders(db, { pools: [{ module: "cad", model: "named", capacity: 5 }] });
      const mia = await createUser(db, testOperator, org, { username: "mia", email: "mia@nomail.test" });
      const ann = await holder("ann", mia.id);
      const review = await startAccessReview(
        db,
        testOperator,
        org,
        f.pool("cad").id,
        new Date(now.getTime() + DAY),
        now,
      );
      expect(await sendReviewLinks(db, now)).toEqual({ sent: 0, skipped: 1, failed: 0 });
      const [link] = await db.select().from(accessReviewLinks).where(eq(accessReviewLinks.reviewId, review.id));
      expect(link).toMatchObject({ status: "skipped", tokenHash: null });
      await decideAccessReview(db, testOperator, org, review.id, ann.id, "remove");
      expect((await accessReview(db, org, review.id))!.items[0]).toMatchObject({ decision: "remove", decider: "mia" });
    } finally {
      useMailServer(mail.url);
    }
  });

  it("a link claimed by a sender that died is sent once by the next run, with a fresh token", async () => {
    const now = new Date();
    const { f, org, holder } = await cadHolders(db, { pools: [{ module: "cad", model: "named", capacity: 5 }] });
    const email = "mia@killed-sender.test";
    const mia = await createUser(db, testOperator, org, { username: "mia", email });
    await holder("ann", mia.id);
    const review = await startAccessReview(db, testOperator, org, f.pool("cad").id, new Date(now.getTime() + DAY), now);
    // What a sender killed between claiming and sending leaves: `sending`, a token hash, a lease.
    const lease = new Date(now.getTime() + 2 * 60_000);
    await db
      .update(accessReviewLinks)
      .set({ status: "sending", tokenHash: "0".repeat(64), leaseUntil: lease, attempts: 1 })
      .where(eq(accessReviewLinks.reviewId, review.id));
    const mails = () => mail.messages.filter((m) => m.to.includes(email));
    // While the lease runs nobody else takes it; once it has lapsed the next run sends it, once.
    expect((await sendReviewLinks(db, now)).sent).toBe(0);
    expect(await sendReviewLinks(db, lease)).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(await sendReviewLinks(db, new Date(lease.getTime() + 5 * 60_000))).toEqual({
      sent: 0,
      skipped: 0,
      failed: 0,
    });
    expect(mails()).toHaveLength(1);
    const token = linkIn(mails()[0]!, "/review-link/")!.split("/review-link/")[1]!;
    expect(await reviewLink(db, token, now)).toMatchObject({ state: "open", manager: "mia" });
  });
});
