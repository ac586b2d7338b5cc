import "server-only";
import { sql } from "drizzle-orm";
import { licensePools, sessions } from "@/db/schema";
import { rowsOf, type Database } from "@/db/client";
import { bare, columnList } from "@/db/sql";
import { Batcher, batchersPer } from "@/lib/runtime/batch";
import { actorId } from "../actor";
import { auditInsertSql } from "../audit";
import type { ClientPool } from "../client-pool";
import { noOneInLineSql } from "../session-queue";
import type { ClientKey } from "../input";
import { contractInForceForTake } from "../holdings/contract";
import { sessionLimitSql } from "../holdings/session-weights";
import { insertTakingSeats, type SessionRow } from "./take-seats";

type Take = { key: ClientKey; target: ClientPool; row: SessionRow };

/**
 * The opens of one pool arriving together, as ONE statement: the pool row
 * is locked, the longest run of them in arrival order that fits is granted by one update of the
 * counter, and their sessions and audit events are inserted by one insert each; an open behind one
 * that did not fit is tried alone when the seats left could hold it. Exactness is the
 * lock's: `FOR NO KEY UPDATE` (what an UPDATE takes) waits for a racing writer and answers the
 * newest row version, re-checked, so the seats that fit are counted on what committed. An open
 * not granted here (the pool full, reservations set meanwhile, someone waiting in line, the
 * contract not in force) gets null and goes the way of a lone open: reclaim, retry, refusal.
 */
export const takes = batchersPer(
  (db: Database) =>
    new Batcher<Take, { id: string; expiresAt: Date } | null>("opens", async (items) => {
      const { key, target } = items[0]!;
      // Alone, it is the lone open's statement: nothing to lock ahead, no list to read.
      if (items.length === 1) return [await insertTakingSeats(db, key, target, items[0]!.row)];
      const { pool } = target;
      const requests = items.map(({ row, key: { actor } }, ord) => ({
        ord,
        id: crypto.randomUUID(),
        actor_type: actor.type,
        actor_id: actorId(actor),
        actor_label: actor.label,
        user_id: row.userId,
        profile_id: row.profileId,
        client_type: row.clientType,
        device_id: row.deviceId,
        username: row.username,
        weight: row.weight,
        seats: row.seatsHeld,
      }));
      // Every open is its own key's event: the pool's keys (one contract's) share a round.
      const byRow = { type: sql`req.actor_type`, id: sql`req.actor_id`, label: sql`req.actor_label` };
      const after = sql`jsonb_build_object('module', ${target.moduleKey}::text, 'clientType', req.client_type, 'deviceId', req.device_id, 'username', req.username, 'weight', req.weight)`;
      // `req` (the opens), `cum`, `locked`, `fit`, `take` and `opened` are this statement's names.
      const result = await db.execute(sql`
        with req as (
          select * from jsonb_to_recordset(${JSON.stringify(requests)}::jsonb)
            as r(ord int, id uuid, actor_type text, actor_id text, actor_label text, user_id uuid, profile_id uuid, client_type client_type, device_id text, username text, weight int, seats int)
        ), cum as (
          select ord, sum(seats) over (order by ord) as upto from req
        ), locked as (
          select ${licensePools.sessionsHeld} as held, ${sessionLimitSql} as lim from ${licensePools}
           where ${licensePools.id} = ${pool.id} and ${licensePools.reservations} is null and ${noOneInLineSql} and ${contractInForceForTake(key.contractId)}
             for no key update
        ), fit as (
          select max(cum.upto) as seats from cum, locked where cum.upto <= locked.lim - locked.held
        ), take as (
          update ${licensePools} set ${bare(licensePools.sessionsHeld)} = ${licensePools.sessionsHeld} + fit.seats from fit
           where ${licensePools.id} = ${pool.id} and fit.seats is not null
          returning ${licensePools.id} as id
        ), opened as (
          insert into ${sessions} ${columnList(sessions.id, sessions.organizationId, sessions.contractId, sessions.poolId, sessions.userId, sessions.reservedProfileId, sessions.clientType, sessions.deviceId, sessions.weight, sessions.seatsHeld, sessions.lastHeartbeatAt, sessions.expiresAt)}
          select req.id, ${key.organizationId}::uuid, ${key.contractId}::uuid, take.id, req.user_id, req.profile_id, req.client_type, req.device_id, req.weight, req.seats,
                 clock_timestamp(), clock_timestamp() + make_interval(secs => ${pool.heartbeatSeconds}::int)
            from req join cum on cum.ord = req.ord cross join fit cross join take
           where cum.upto <= fit.seats
          returning ${sessions.id} as id, ${sessions.expiresAt} as expires_at
        ), audited as (
          ${auditInsertSql(byRow, { organizationId: key.organizationId, action: "session.open", targetType: "session", after }, sql`opened.id::text`, sql`from opened join req on req.id = opened.id`)}
        )
        select id, expires_at as "expiresAt", null::int as room from opened
        union all
        select null, null, (select (locked.lim - locked.held - coalesce(fit.seats, 0))::int from locked, fit)`);
      type Row = { id: string | null; expiresAt: Date | string | null; room: number | null };
      const rows = rowsOf<Row>(result);
      const opened = new Map(rows.filter((r) => r.id).map((r) => [r.id!, r]));
      // The seats the run left free; null when the pool row was not taken (a reservation, a
      // waiter, the contract): then every open left over goes the lone way, which says why.
      let room = rows.find((r) => !r.id)?.room ?? null;
      const answers: Array<{ id: string; expiresAt: Date } | null> = [];
      for (const [i, r] of requests.entries()) {
        const row = opened.get(r.id);
        if (row) answers.push({ id: row.id!, expiresAt: new Date(row.expiresAt!) });
        // A lighter open behind a heavier one that did not fit: alone, it may fit what is left.
        else if (room === null || r.seats <= room) {
          const alone = await insertTakingSeats(db, items[i]!.key, target, items[i]!.row);
          if (alone && room !== null) room -= r.seats;
          answers.push(alone);
        } else answers.push(null);
      }
      return answers;
    }),
);
