import { sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { contracts } from "@/db/schema";
import type { ColumnsOf } from "@/db/sql";

// Rules 13 and 20, written once: when a contract is in force. A contract's days are whole days
// in its organization's time zone; `starts_at` and `ends_at` are stored as the instants its first
// day begins and the day after its last day begins there (see contract-days.ts), so being in
// force is a plain comparison of instants, the same in every take, check, sweep and report.

type ContractDays = ColumnsOf<typeof contracts, "status" | "startsAt" | "endsAt">;

/** In force at `at`: status active, its first day begun, the day after its last day not yet begun. */
export function contractInForceAt(t: ContractDays = contracts, at: SQL = sql`now()`): SQL {
  return sql`(${t.status} = 'active' and ${t.startsAt} <= ${at} and (${t.endsAt} is null or ${t.endsAt} > ${at}))`;
}

/** The contract in force now (a condition over `contracts`). */
export const contractInForce: SQL = contractInForceAt();

/** Not in force, for sweeps: the complement of contractInForceAt. */
export const contractNotInForceAt = (t: ContractDays = contracts, at: SQL = sql`now()`): SQL =>
  sql`not ${contractInForceAt(t, at)}`;

export type EffectiveContractStatus = "active" | "upcoming" | "suspended" | "expired";

type ContractDates = { status: "active" | "suspended" | "expired"; startsAt: Date; endsAt: Date | null };

/** The status people see: an active contract before its first day is upcoming, after its last expired. */
export function effectiveStatus(c: ContractDates, now = new Date()): EffectiveContractStatus {
  if (c.status !== "active") return c.status;
  if (c.endsAt && c.endsAt.getTime() <= now.getTime()) return "expired";
  if (c.startsAt.getTime() > now.getTime()) return "upcoming";
  return "active";
}

/**
 * effectiveStatus as a condition over `contracts`, for filtering a list in the database (its
 * paging must not drop rows after the fact). contract-status.test.ts holds the two to one answer.
 */
export function effectiveStatusIs(status: EffectiveContractStatus, at: SQL = sql`now()`): SQL {
  const ended = sql`(${contracts.endsAt} is not null and ${contracts.endsAt} <= ${at})`;
  switch (status) {
    case "suspended":
      return sql`${contracts.status} = 'suspended'`;
    case "expired":
      return sql`(${contracts.status} = 'expired' or (${contracts.status} = 'active' and ${ended}))`;
    case "upcoming":
      return sql`(${contracts.status} = 'active' and not ${ended} and ${contracts.startsAt} > ${at})`;
    case "active":
      return sql`(${contracts.status} = 'active' and not ${ended} and ${contracts.startsAt} <= ${at})`;
  }
}

export const isInForce = (c: ContractDates, now = new Date()) => effectiveStatus(c, now) === "active";

/**
 * Rule 21, for the WHERE of a take: the contract is in force, read under a KEY SHARE lock. A
 * suspension locks the contract row FOR UPDATE first, so either it waits for this take to commit
 * (and then ends what the take made) or this take waits for it and re-checks the newest row
 * version: a take and a suspension can't both win.
 */
const tc = alias(contracts, "tc");

export function contractInForceForTake(contractId: string | SQL): SQL {
  return sql`exists (select 1 from ${contracts} ${tc} where ${tc.id} = ${contractId}::uuid and ${contractInForceAt(tc, sql`clock_timestamp()`)} for key share of ${tc})`;
}
