import "server-only";
import { and, asc, desc, eq, isNull, lte, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database, Tx } from "@/db/client";
import {
  accessReviewItems,
  accessReviewLinks,
  accessReviews,
  contracts,
  licensePools,
  modules,
  organizations,
  userModuleLastUse,
  users,
} from "@/db/schema";
import { UNUSED_SEAT_DAYS, unusedSeatHolders } from "@/lib/reports/unused-seats";
import { systemActor, type Actor } from "./actor";
import { recordAudit } from "./audit";
import type { AccessReviewOutcome } from "./audit-actions";
import { previewBulkUserChange, type BulkImpact } from "./bulk-preview";
import { transactRecordingDenials } from "./denials";
import { LicensingError } from "./errors";
import { contractInstants, type ContractDay } from "./holdings/contract-instants";
import { isUuid } from "./input";
import { bulkUpdateUsersIn } from "./users";

// An access review of a named pool: the seat holders (rule 1) who have not used its module for
// UNUSED_SEAT_DAYS are listed when it starts; an owner or admin marks each keep or remove; at the
// end (by hand, or at its due date by the job leader) the removals' credentials are revoked in one
// all-or-nothing change — the users list's bulk change — and the pool's decrease by as many seats
// is offered for renewal. Decisions left open keep the seat.

export type ReviewDecision = "keep" | "remove";
const decisions: readonly string[] = ["keep", "remove"];

const notFound = () => new LicensingError("NOT_FOUND", "That access review was not found.");

const managers = alias(users, "managers");

/** The pool's seat holders with no use of its module since `since` (never-seen ones included). */
function unusedHolders(ex: Tx, organizationId: string, poolId: string, since: Date) {
  const holders = unusedSeatHolders(ex, organizationId, since, eq(licensePools.id, poolId));
  return ex
    .select({
      userId: holders.userId,
      username: holders.username,
      lastUsedAt: userModuleLastUse.lastUsedAt,
      /** Their manager, when the manager has an e-mail address: the one to decide. */
      managerId: managers.id,
    })
    .from(holders)
    .innerJoin(users, eq(users.id, holders.userId))
    .leftJoin(managers, and(eq(managers.id, users.managerId), sql`${managers.email} <> ''`))
    .leftJoin(
      userModuleLastUse,
      and(eq(userModuleLastUse.userId, holders.userId), eq(userModuleLastUse.moduleId, holders.moduleId)),
    )
    .orderBy(asc(holders.username));
}

async function poolOf(tx: Tx, organizationId: string, poolId: string) {
  const [pool] = isUuid(poolId)
    ? await tx
        .select({
          pool: licensePools,
          moduleName: modules.name,
          moduleKey: modules.key,
          endsAt: contracts.endsAt,
          timeZone: organizations.timeZone,
        })
        .from(licensePools)
        .innerJoin(modules, eq(modules.id, licensePools.moduleId))
        .innerJoin(contracts, eq(contracts.id, licensePools.contractId))
        .innerJoin(organizations, eq(organizations.id, licensePools.organizationId))
        .where(and(eq(licensePools.id, poolId), eq(licensePools.organizationId, organizationId)))
    : [];
  if (!pool) throw new LicensingError("NOT_FOUND", "That licence pool was not found.");
  return pool;
}

/**
 * Starts an access review of a named pool, due by the end of the day `due` (YYYY-MM-DD) in the
 * organization's time zone — or at an exact instant — after `now`: lists its holders unused for
 * UNUSED_SEAT_DAYS. Refused for a day already past there, a concurrent pool, a pool with nobody to
 * review, or one with a review already open.
 */
export async function startAccessReview(
  db: Database,
  actor: Actor,
  organizationId: string,
  poolId: string,
  due: ContractDay,
  now: Date = new Date(),
) {
  return db.transaction(async (tx) => {
    const { pool, moduleName, moduleKey, timeZone } = await poolOf(tx, organizationId, poolId);
    const dueAt = (await contractInstants(tx, timeZone, { endsAt: due })).endsAt;
    if (!dueAt || Number.isNaN(dueAt.getTime()) || dueAt <= now)
      throw new LicensingError("VALUE_OUT_OF_RANGE", "The review can be due today at the earliest.", {
        field: "dueAt",
      });
    if (pool.model !== "named")
      throw new LicensingError("INVALID", `${moduleName} is a concurrent pool: only named seats are reviewed.`);
    // The pool's row lock makes two starts at once take turns (the second finds the first open).
    await tx.select({ id: licensePools.id }).from(licensePools).where(eq(licensePools.id, pool.id)).for("update");
    const [open] = await tx
      .select({ id: accessReviews.id })
      .from(accessReviews)
      .where(and(eq(accessReviews.poolId, pool.id), isNull(accessReviews.finishedAt)));
    if (open)
      throw new LicensingError("CONFLICT", `${moduleName} already has an access review open.`, { reviewId: open.id });
    const holders = await unusedHolders(
      tx,
      organizationId,
      pool.id,
      new Date(now.getTime() - UNUSED_SEAT_DAYS * 86_400_000),
    );
    if (holders.length === 0)
      throw new LicensingError(
        "INVALID",
        `${moduleName} has no named seats unused for ${UNUSED_SEAT_DAYS} days: there is nobody to review.`,
      );
    const [review] = await tx
      .insert(accessReviews)
      .values({ organizationId, poolId: pool.id, dueAt, startedBy: actor.label })
      .returning();
    await tx
      .insert(accessReviewItems)
      .values(
        holders.map(({ managerId, ...h }) => ({ reviewId: review!.id, organizationId, deciderId: managerId, ...h })),
      );
    // Each manager of a listed user gets one link, e-mailed by the job leader (review-links.ts).
    const managerIds = [...new Set(holders.flatMap((h) => (h.managerId ? [h.managerId] : [])))];
    if (managerIds.length > 0)
      await tx
        .insert(accessReviewLinks)
        .values(managerIds.map((managerId) => ({ reviewId: review!.id, managerId, organizationId, expiresAt: dueAt })));
    await recordAudit(tx, actor, {
      organizationId,
      action: "accessReview.start",
      targetType: "access_review",
      targetId: review!.id,
      after: {
        poolId: pool.id,
        module: moduleKey,
        dueAt: dueAt.toISOString(),
        users: holders.map((h) => ({ id: h.userId, username: h.username })),
      },
    });
    return review!;
  });
}

export async function lockOpenReview(tx: Tx, organizationId: string, reviewId: string) {
  const [review] = isUuid(reviewId)
    ? await tx
        .select()
        .from(accessReviews)
        .where(and(eq(accessReviews.id, reviewId), eq(accessReviews.organizationId, organizationId)))
        .for("update")
    : [];
  if (!review) throw notFound();
  if (review.finishedAt) throw new LicensingError("CONFLICT", "That access review has finished: nothing changes now.");
  return review;
}

/** Marks one listed user keep or remove while the review is open. */
export async function decideAccessReview(
  db: Database,
  actor: Actor,
  organizationId: string,
  reviewId: string,
  userId: string,
  decision: ReviewDecision,
) {
  return db.transaction(async (tx) => {
    const review = await lockOpenReview(tx, organizationId, reviewId);
    return decideItem(tx, actor, review, userId, decision, null);
  });
}

/**
 * Records one decision of an open, locked review: by a console actor (`managerId` null: any item),
 * or by a manager's review link (only the items assigned to that manager). Audited with who decided.
 */
export async function decideItem(
  tx: Tx,
  actor: Actor,
  review: { id: string; organizationId: string },
  userId: string,
  decision: ReviewDecision,
  managerId: string | null,
) {
  if (!decisions.includes(decision)) throw new LicensingError("INVALID", "Choose keep or remove.");
  const [item] = isUuid(userId)
    ? await tx
        .select()
        .from(accessReviewItems)
        .where(and(eq(accessReviewItems.reviewId, review.id), eq(accessReviewItems.userId, userId)))
    : [];
  if (!item || (managerId !== null && item.deciderId !== managerId))
    throw new LicensingError("NOT_FOUND", "That user is not listed by this access review.");
  if (item.decision === decision) return item;
  const [after] = await tx
    .update(accessReviewItems)
    .set({ decision, decidedBy: actor.label })
    .where(and(eq(accessReviewItems.reviewId, review.id), eq(accessReviewItems.userId, userId)))
    .returning();
  await recordAudit(tx, actor, {
    organizationId: review.organizationId,
    action: "accessReview.decide",
    targetType: "access_review",
    targetId: review.id,
    before: { decision: item.decision },
    after: {
      userId,
      username: item.username,
      decision,
      decidedBy: actor.label,
      ...(managerId === null ? {} : { via: "review link" as const }),
    },
  });
  return after!;
}

const removalsOf = (tx: Tx | Database, reviewId: string) =>
  tx
    .select({ id: accessReviewItems.userId, username: accessReviewItems.username })
    .from(accessReviewItems)
    .where(and(eq(accessReviewItems.reviewId, reviewId), eq(accessReviewItems.decision, "remove")))
    .orderBy(asc(accessReviewItems.username));

/** What finishing would do to the licences: the bulk change's preview of revoking the removals. */
export async function previewAccessReviewFinish(
  db: Database,
  organizationId: string,
  reviewId: string,
): Promise<{ removals: number; impact: BulkImpact[] }> {
  const removals = isUuid(reviewId) ? await removalsOf(db, reviewId) : [];
  const impact = await previewBulkUserChange(
    db,
    organizationId,
    removals.map((r) => r.id),
    { credentials: "revoked" },
  );
  return { removals: removals.length, impact };
}

/**
 * Finishes an open review in one transaction: the removals' credentials are revoked by the bulk
 * change (all or nothing, its own audit row and seat.freed events), the review records what it
 * did and the decrease it offers — the pool's capacity less the seats removed, not below its
 * minimum, when its contract has a renewal date.
 */
export async function finishAccessReview(
  db: Database,
  actor: Actor,
  organizationId: string,
  reviewId: string,
  now: Date = new Date(),
): Promise<AccessReviewOutcome & { reviewId: string }> {
  return transactRecordingDenials(db, actor, async (tx) => {
    const review = await lockOpenReview(tx, organizationId, reviewId);
    const { pool, moduleKey, moduleName, endsAt } = await poolOf(tx, organizationId, review.poolId);
    const removed = await removalsOf(tx, review.id);
    const [{ listed }] = (await tx
      .select({ listed: sql<number>`count(*)::int` })
      .from(accessReviewItems)
      .where(eq(accessReviewItems.reviewId, review.id))) as [{ listed: number }];
    // Users deleted since the review started are gone from the list (cascade); the rest are revoked.
    await bulkUpdateUsersIn(
      tx,
      actor,
      organizationId,
      removed.map((r) => r.id),
      { credentials: "revoked" },
    );
    const target = Math.max(pool.minCapacity, pool.capacity - removed.length);
    const offeredCapacity = removed.length > 0 && endsAt && target < pool.capacity ? target : null;
    await tx
      .update(accessReviews)
      .set({ finishedAt: now, removed: removed.length, offeredCapacity })
      .where(eq(accessReviews.id, review.id));
    const outcome: AccessReviewOutcome = {
      module: moduleKey,
      moduleName,
      removed,
      kept: Number(listed) - removed.length,
      offeredCapacity,
      finishedBy: actor.type === "system" ? "due date" : "hand",
    };
    await recordAudit(tx, actor, {
      organizationId,
      action: "accessReview.finish",
      targetType: "access_review",
      targetId: review.id,
      after: outcome,
    });
    return { ...outcome, reviewId: review.id };
  });
}

/** The job: finishes the open reviews whose due date has come, as the system. */
export async function finishDueAccessReviews(db: Database, now: Date = new Date()) {
  const due = await db
    .select({ id: accessReviews.id, organizationId: accessReviews.organizationId })
    .from(accessReviews)
    .where(and(isNull(accessReviews.finishedAt), lte(accessReviews.dueAt, now)));
  let finished = 0;
  for (const r of due) {
    try {
      await finishAccessReview(db, systemActor, r.organizationId, r.id, now);
      finished++;
    } catch (e) {
      // Finished by hand meanwhile: nothing left to do.
      if (!(e instanceof LicensingError && e.code === "CONFLICT")) throw e;
    }
  }
  return { finished };
}

/** A review with its pool and listed users, for the console's review page. */
export async function accessReview(db: Database, organizationId: string, reviewId: string) {
  if (!isUuid(reviewId)) return null;
  const [row] = await db
    .select({
      review: accessReviews,
      contractId: licensePools.contractId,
      moduleKey: modules.key,
      moduleName: modules.name,
      capacity: licensePools.capacity,
      scheduledCapacity: licensePools.scheduledCapacity,
      endsAt: contracts.endsAt,
      timeZone: organizations.timeZone,
    })
    .from(accessReviews)
    .innerJoin(organizations, eq(organizations.id, accessReviews.organizationId))
    .innerJoin(licensePools, eq(licensePools.id, accessReviews.poolId))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .innerJoin(contracts, eq(contracts.id, licensePools.contractId))
    .where(and(eq(accessReviews.id, reviewId), eq(accessReviews.organizationId, organizationId)));
  if (!row) return null;
  const items = await db
    .select({
      userId: accessReviewItems.userId,
      username: accessReviewItems.username,
      lastUsedAt: accessReviewItems.lastUsedAt,
      decision: accessReviewItems.decision,
      decidedBy: accessReviewItems.decidedBy,
      deciderId: accessReviewItems.deciderId,
      /** The manager to decide (null: the owners and admins). */
      decider: managers.username,
    })
    .from(accessReviewItems)
    .leftJoin(managers, eq(managers.id, accessReviewItems.deciderId))
    .where(eq(accessReviewItems.reviewId, reviewId))
    .orderBy(asc(accessReviewItems.username));
  return { ...row, items };
}

/** The open review of each pool of an organization (poolId → reviewId), for the contract page's links. */
export async function openAccessReviews(db: Database, organizationId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: accessReviews.id, poolId: accessReviews.poolId })
    .from(accessReviews)
    .where(and(eq(accessReviews.organizationId, organizationId), isNull(accessReviews.finishedAt)))
    .orderBy(desc(accessReviews.createdAt));
  return new Map(rows.map((r) => [r.poolId, r.id]));
}
