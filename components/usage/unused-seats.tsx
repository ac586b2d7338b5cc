import Link from "next/link";
import { formatMoney } from "@/lib/money/money";
import type { UnusedSeats } from "@/lib/reports/unused-seats";

/** The users list filtered to one pool's unused seats: its module, holding a seat, not used for the days. */
const usersLink = (organizationId: string, pool: UnusedSeats, days: number) =>
  `/users?${new URLSearchParams({ org: organizationId, module: pool.moduleKey, seat: "yes", unused: String(days) })}`;

/**
 * Per named pool, the seats held by users who have not used its module for `days` days and what
 * they cost a month at the pool's price, each linking to those users. Renders nothing without any.
 */
export function UnusedSeatsList({
  pools,
  organizationId,
  days,
  locale,
}: {
  pools: UnusedSeats[];
  organizationId: string;
  days: number;
  locale: string;
}) {
  return (
    <ul className="space-y-1 text-sm text-slate-700" data-testid="unused-seats">
      {pools.map((p) => (
        <li key={p.poolId}>
          <span className="font-medium text-slate-900">{p.moduleName}:</span>{" "}
          <Link
            href={usersLink(organizationId, p, days)}
            className="font-medium text-brand-700 underline underline-offset-2"
          >
            {p.unused} named {p.unused === 1 ? "seat" : "seats"} unused for {days} days
          </Link>
          {" · "}
          <span className="tabular-nums">
            {p.monthlyCost === null || p.currency === null
              ? "no price"
              : `${formatMoney(p.monthlyCost, p.currency, locale)}/month`}
          </span>
        </li>
      ))}
    </ul>
  );
}
