import "server-only";
import { and, eq, gt, lte } from "drizzle-orm";
import type { Database, Tx } from "@/db/client";
import { contracts, organizations } from "@/db/schema";
import { contractTimelines } from "@/lib/console/renewal-queries";
import { renewalNotices } from "@/lib/console/renewals";
import { writeNotices, type NoticeDraft } from "./write";

/** Reminders go out this many days before an unrenewed contract ends (the closest one reached). */
export const REMINDER_DAYS = [30, 7, 1] as const;

/**
 * A reminder for each contract in force that ends within 30 days with no renewal contract: the
 * smallest of 30, 7 and 1 days that the days left have reached, named by the contract, its end
 * and that mark, so each is written once and a moved end date starts again.
 */
async function renewalReminders(tx: Tx, now: Date): Promise<NoticeDraft[]> {
  const horizon = new Date(now.getTime() + REMINDER_DAYS[0] * 86_400_000);
  const ending = await tx
    .selectDistinct({ organizationId: contracts.organizationId, timeZone: organizations.timeZone })
    .from(contracts)
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .where(and(eq(contracts.status, "active"), gt(contracts.endsAt, now), lte(contracts.endsAt, horizon)));
  const drafts: NoticeDraft[] = [];
  for (const { organizationId, timeZone } of ending) {
    const timelines = await contractTimelines(tx, organizationId);
    for (const notice of renewalNotices(timelines, timeZone, now)) {
      if (notice.renewal) continue;
      const mark = [...REMINDER_DAYS].reverse().find((days) => notice.daysLeft <= days);
      if (mark === undefined) continue;
      const endsAt = timelines.find((c) => c.id === notice.contractId)!.endsAt!;
      drafts.push({
        kind: "renewal_ahead",
        organizationId,
        title: `${notice.name} ends in ${notice.daysLeft} day${notice.daysLeft === 1 ? "" : "s"}`,
        body: `${notice.name} is in force through ${notice.lastDay} and no renewal contract follows it. Renew it before then or its licences stop.`,
        link: `/contract?org=${organizationId}`,
        source: `renewal:${notice.contractId}:${endsAt.toISOString()}:${mark}`,
        occurredAt: now,
      });
    }
  }
  return drafts;
}

/** The job: writes the reminders due now (each once); returns how many were new. */
export async function remindRenewals(db: Database, now: Date = new Date()): Promise<{ notices: number }> {
  return db.transaction(async (tx) => ({ notices: await writeNotices(tx, await renewalReminders(tx, now), now) }));
}
