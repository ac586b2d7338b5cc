import "server-only";
import { and, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { Database, Tx } from "@/db/client";
import { contracts, licensePools, modules, notifications, profileModules, userModuleLastUse, users } from "@/db/schema";
import { writeNotices, type NoticeDraft } from "@/lib/notifications/write";
import { systemActor } from "./actor";
import { recordAudit } from "./audit";
import { contractInForceAt } from "./holdings/contract";
import { profileGrantsModule, userMayHoldSeat } from "./holdings/named-seats";
import { endSessionsWithoutSeat } from "./seat-revocation";
import { userAuditView } from "./users";

// Auto-reclaim, a named pool's option (off by default): a seat holder who has not used the pool's
// module for its `autoReclaimDays` loses their credentials. The admins are told a week before
// (a notice of kind seat_reclaim_ahead, e-mailed by the outbox), and a holder is reclaimed only
// once that notice is a week old, so nobody loses a seat unannounced — turning the option on
// over long-unused seats announces them first. "Unused since" counts from the later of the last
// use of the module and the time the seat was granted: a seat given yesterday is not unused for
// a month. Each revocation is its own audit row (user.reclaim), which the webhook feed sends as
// seat.freed with reason `reclaimed`.

/** The admins are told this many days before a seat is reclaimed. */
export const RECLAIM_NOTICE_DAYS = 7;
const DAY = 86_400_000;

type Candidate = {
  poolId: string;
  organizationId: string;
  moduleId: string;
  moduleName: string;
  days: number;
  userId: string;
  username: string;
  /** Unused since: the later of the last use of the module and the seat's grant. */
  since: Date;
};

/** The notice's source: one per holder, pool and stretch of disuse (a new use starts a new one). */
const noticeSource = (c: Candidate) => `reclaim:${c.poolId}:${c.userId}:${c.since.toISOString()}`;

/** Holders of named pools in force with auto-reclaim on, unused for their pool's days less `aheadDays`. */
async function candidates(ex: Tx, now: Date, aheadDays: number): Promise<Candidate[]> {
  const lastUse = sql`(select ${userModuleLastUse.lastUsedAt} from ${userModuleLastUse}
    where ${userModuleLastUse.userId} = ${users.id} and ${userModuleLastUse.moduleId} = ${licensePools.moduleId})`;
  const since = sql`greatest(${users.seatGrantedAt}, coalesce(${lastUse}, ${users.seatGrantedAt}))`;
  const at = sql`${now.toISOString()}::timestamptz`;
  const rows = await ex
    .select({
      poolId: licensePools.id,
      organizationId: licensePools.organizationId,
      moduleId: licensePools.moduleId,
      moduleName: modules.name,
      days: sql<number>`${licensePools.autoReclaimDays}`.mapWith(Number),
      userId: users.id,
      username: users.username,
      since: sql<Date>`${since}`.mapWith((v: Date | string) => new Date(v)),
    })
    .from(licensePools)
    .innerJoin(contracts, and(eq(contracts.id, licensePools.contractId), contractInForceAt(contracts, at)))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .innerJoin(
      profileModules,
      and(
        eq(profileModules.moduleId, licensePools.moduleId),
        eq(profileModules.organizationId, licensePools.organizationId),
      ),
    )
    .innerJoin(users, and(profileGrantsModule, eq(users.organizationId, licensePools.organizationId), userMayHoldSeat))
    .where(
      and(
        eq(licensePools.model, "named"),
        isNotNull(licensePools.autoReclaimDays),
        sql`${since} <= ${at} - make_interval(days => ${licensePools.autoReclaimDays} - ${aheadDays})`,
      ),
    );
  return rows;
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

function notice(c: Candidate, now: Date): NoticeDraft {
  const on = new Date(Math.max(c.since.getTime() + c.days * DAY, now.getTime() + RECLAIM_NOTICE_DAYS * DAY));
  return {
    kind: "seat_reclaim_ahead",
    organizationId: c.organizationId,
    title: `${c.username}'s ${c.moduleName} seat will be reclaimed`,
    body: `${c.username} has not used ${c.moduleName} since ${dayOf(c.since)}. Their credentials will be revoked on or after ${dayOf(on)} (the pool reclaims seats unused for ${c.days} days) unless they use it before then.`,
    link: `/users/${c.userId}?org=${c.organizationId}`,
    source: noticeSource(c),
    occurredAt: now,
  };
}

/**
 * The job: announces the seats due within a week and reclaims those due whose notice is a week
 * old, re-checking in the revoking statement that the holder still holds the seat and has not used
 * the module meanwhile. Returns how many were announced and reclaimed.
 */
export async function reclaimUnusedSeats(db: Database, now: Date = new Date()) {
  return db.transaction(async (tx) => {
    const ahead = await candidates(tx, now, RECLAIM_NOTICE_DAYS);
    const announced = await writeNotices(
      tx,
      ahead.map((c) => notice(c, now)),
      now,
    );
    const due = ahead.filter((c) => c.since.getTime() + c.days * DAY <= now.getTime());
    const told = due.length
      ? new Set(
          (
            await tx
              .select({ source: notifications.source })
              .from(notifications)
              .where(
                and(
                  inArray(notifications.source, due.map(noticeSource)),
                  lte(notifications.occurredAt, new Date(now.getTime() - RECLAIM_NOTICE_DAYS * DAY)),
                ),
              )
          ).map((n) => n.source),
        )
      : new Set<string>();
    let reclaimed = 0;
    for (const c of due.filter((d) => told.has(noticeSource(d)))) if (await reclaim(tx, c, now)) reclaimed++;
    return { announced, reclaimed };
  });
}

/** Revokes one holder's credentials if they still hold the seat unused since the same time; audited. */
async function reclaim(tx: Tx, c: Candidate, now: Date): Promise<boolean> {
  const [after] = await tx
    .update(users)
    .set({ credentials: "revoked", updatedAt: now })
    .where(
      and(
        eq(users.id, c.userId),
        userMayHoldSeat,
        // `since` was read in milliseconds; PostgreSQL keeps microseconds.
        sql`date_trunc('milliseconds', ${users.seatGrantedAt}) <= ${c.since.toISOString()}::timestamptz`,
        sql`not exists (select 1 from ${userModuleLastUse} where ${userModuleLastUse.userId} = ${users.id}
          and ${userModuleLastUse.moduleId} = ${c.moduleId}
          and date_trunc('milliseconds', ${userModuleLastUse.lastUsedAt}) > ${c.since.toISOString()}::timestamptz)`,
      ),
    )
    .returning();
  if (!after) return false;
  const ended = await endSessionsWithoutSeat(tx, systemActor, c.organizationId);
  await recordAudit(tx, systemActor, {
    organizationId: c.organizationId,
    action: "user.reclaim",
    targetType: "user",
    targetId: c.userId,
    before: { ...userAuditView(after), credentials: "issued" },
    after: {
      ...userAuditView(after),
      sessionsEnded: ended.length,
      poolId: c.poolId,
      days: c.days,
      lastUsedAt: c.since.toISOString(),
    },
  });
  return true;
}
