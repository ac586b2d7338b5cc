"use server";

import { z } from "zod";
import { consoleAction } from "@/lib/console/action";
import {
  accessReview,
  decideAccessReview,
  finishAccessReview,
  previewAccessReviewFinish,
  startAccessReview,
} from "@/lib/licensing/access-reviews";
import { LicensingError } from "@/lib/licensing/errors";
import { scheduleCapacityDecrease } from "@/lib/licensing/scheduled-changes";

const review = { organizationId: z.string().uuid(), reviewId: z.string().uuid() };

/** The chosen day (YYYY-MM-DD): the review is due at its end in the organization's time zone. */
const dueDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Choose the day the review is due.");

export const startAccessReviewAction = consoleAction(
  {
    input: z.object({ organizationId: z.string().uuid(), poolId: z.string().uuid(), dueAt: dueDay }),
    permission: "reviews.manage",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/contract", "/usage"],
    success: "Access review started.",
    // A day already past in the organization's zone is refused under the date field.
    refusalFields: { VALUE_OUT_OF_RANGE: "dueAt" },
  },
  async ({ db, actor, input }) => {
    const started = await startAccessReview(db, actor, input.organizationId, input.poolId, input.dueAt);
    return { reviewId: started.id };
  },
);

export const decideAccessReviewAction = consoleAction(
  {
    input: z.object({ ...review, userId: z.string().uuid(), decision: z.enum(["keep", "remove"]) }),
    permission: "reviews.manage",
    organizationOf: (i) => i.organizationId,
  },
  async ({ db, actor, input }) => {
    const item = await decideAccessReview(
      db,
      actor,
      input.organizationId,
      input.reviewId,
      input.userId,
      input.decision,
    );
    return { decision: item.decision };
  },
);

export const previewAccessReviewFinishAction = consoleAction(
  { input: z.object(review), permission: "reviews.manage", organizationOf: (i) => i.organizationId },
  ({ db, input }) => previewAccessReviewFinish(db, input.organizationId, input.reviewId),
);

export const finishAccessReviewAction = consoleAction(
  {
    input: z.object(review),
    permission: "reviews.manage",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/reviews", "/contract", "/users"],
    success: "Access review finished.",
  },
  async ({ db, actor, input }) => {
    const outcome = await finishAccessReview(db, actor, input.organizationId, input.reviewId);
    return { removed: outcome.removed.length, offeredCapacity: outcome.offeredCapacity };
  },
);

/** The owner's one click on the finished review's offer: the existing scheduled decrease, to the offered capacity. */
export const acceptReviewDecreaseAction = consoleAction(
  {
    input: z.object(review),
    permission: "capacity.change",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/reviews", "/contract"],
    success: "Decrease scheduled for the renewal date.",
  },
  async ({ db, actor, input, scope }) => {
    const found = await accessReview(db, input.organizationId, input.reviewId);
    if (!found) throw new LicensingError("NOT_FOUND", "That access review was not found.");
    if (found.review.offeredCapacity === null)
      throw new LicensingError("INVALID", "This access review offers no decrease.");
    const pool = await scheduleCapacityDecrease(
      db,
      actor,
      found.contractId,
      found.moduleKey,
      found.review.offeredCapacity,
      scope,
    );
    return { scheduledCapacity: pool.scheduledCapacity };
  },
);
