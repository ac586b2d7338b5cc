import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";

// Rule 20 (see contract-days.ts): the instants a contract's given dates mean in its zone.

export type ContractDay = Date | string;

const isDay = (v: ContractDay | null | undefined): v is string => typeof v === "string" && !v.includes("T");
const instant = (v: ContractDay) => (v instanceof Date ? v : new Date(v));

/** The instants a contract's start and end mean in `timeZone`. */
export async function contractInstants(
  ex: Executor,
  timeZone: string,
  dates: { startsAt?: ContractDay; endsAt?: ContractDay | null },
): Promise<{ startsAt?: Date; endsAt?: Date | null }> {
  const { startsAt, endsAt } = dates;
  const out: { startsAt?: Date; endsAt?: Date | null } = {
    startsAt: startsAt === undefined ? undefined : instant(startsAt),
    endsAt: endsAt == null ? endsAt : instant(endsAt),
  };
  if (!isDay(startsAt) && !isDay(endsAt)) return out;
  const [row] = rowsOf<{ startsAt: string | Date | null; endsAt: string | Date | null }>(
    await ex.execute(sql`select
      case when ${isDay(startsAt) ? startsAt : null}::date is null then null
           else (${isDay(startsAt) ? startsAt : null}::date)::timestamp at time zone ${timeZone}::text end as "startsAt",
      case when ${isDay(endsAt) ? endsAt : null}::date is null then null
           else (${isDay(endsAt) ? endsAt : null}::date + 1)::timestamp at time zone ${timeZone}::text end as "endsAt"`),
  );
  if (isDay(startsAt)) out.startsAt = new Date(row!.startsAt!);
  if (isDay(endsAt)) out.endsAt = new Date(row!.endsAt!);
  return out;
}
