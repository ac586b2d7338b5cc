import { dayIn, lastDayIn } from "@/lib/licensing/holdings/contract-days";

// A contract's renewal timeline, and the notice the dashboard gives 30 days before an end. Pure:
// the contract page and the dashboard query hand it the organization's contracts.

export const RENEWAL_NOTICE_DAYS = 30;

export type TimelineContract = {
  id: string;
  planName: string | null;
  startsAt: Date;
  endsAt: Date | null;
  status: string;
  pools: {
    moduleName: string;
    capacity: number;
    scheduledCapacity: number | null;
    scheduledCapacityAt: Date | null;
  }[];
};

export type TimelineEvent = {
  kind: "start" | "scheduled" | "end" | "renewal";
  /** The day, YYYY-MM-DD in the organization's time zone. */
  day: string;
  text: string;
  isPast: boolean;
  /** The renewal contract, when the event is one. */
  contractId?: string;
};

const contractName = (c: { planName: string | null }) => c.planName ?? "Custom contract";

/**
 * The contract that renews this one: the earliest other contract starting at or after its end and
 * covering one of its modules (not suspended). None for a perpetual contract.
 */
export function renewalOf<C extends TimelineContract>(contract: TimelineContract, contracts: C[]): C | undefined {
  if (!contract.endsAt) return undefined;
  const modules = new Set(contract.pools.map((p) => p.moduleName));
  return contracts
    .filter(
      (c) =>
        c.id !== contract.id &&
        c.status !== "suspended" &&
        c.startsAt.getTime() >= contract.endsAt!.getTime() &&
        (modules.size === 0 || c.pools.some((p) => modules.has(p.moduleName))),
    )
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
}

/** Start, scheduled capacity changes, end and the renewal contract, in date order. */
export function renewalTimeline(
  contract: TimelineContract,
  contracts: TimelineContract[],
  timeZone: string,
  now = new Date(),
): TimelineEvent[] {
  const events: (TimelineEvent & { at: number })[] = [
    {
      kind: "start",
      at: contract.startsAt.getTime(),
      day: dayIn(contract.startsAt, timeZone),
      text: "Contract starts",
      isPast: contract.startsAt <= now,
    },
  ];
  for (const p of contract.pools) {
    if (p.scheduledCapacity === null || !p.scheduledCapacityAt) continue;
    events.push({
      kind: "scheduled",
      at: p.scheduledCapacityAt.getTime(),
      day: dayIn(p.scheduledCapacityAt, timeZone),
      text: `${p.moduleName}: capacity ${p.capacity} → ${p.scheduledCapacity} (scheduled decrease)`,
      isPast: p.scheduledCapacityAt <= now,
    });
  }
  if (contract.endsAt) {
    events.push({
      kind: "end",
      // The last day in force sorts before a change applied at the end instant.
      at: contract.endsAt.getTime() - 1,
      day: lastDayIn(contract.endsAt, timeZone),
      text: "Last day in force",
      isPast: contract.endsAt <= now,
    });
    const renewal = renewalOf(contract, contracts);
    events.push(
      renewal
        ? {
            kind: "renewal",
            at: renewal.startsAt.getTime(),
            day: dayIn(renewal.startsAt, timeZone),
            text: `Renewed by ${contractName(renewal)}`,
            isPast: renewal.startsAt <= now,
            contractId: renewal.id,
          }
        : {
            kind: "renewal",
            at: contract.endsAt.getTime(),
            day: dayIn(contract.endsAt, timeZone),
            text: "No renewal contract yet",
            isPast: false,
          },
    );
  }
  return events.sort((a, b) => a.at - b.at).map(({ at, ...e }) => (void at, e));
}

export type RenewalNotice = {
  contractId: string;
  name: string;
  /** The last day in force, YYYY-MM-DD in the organization's zone. */
  lastDay: string;
  daysLeft: number;
  renewal: { contractId: string; name: string; startsOn: string } | null;
};

/**
 * Contracts in force that end within 30 days, soonest first, each with its renewal contract if
 * one exists: what the dashboard says 30 days ahead (SPEC §5).
 */
export function renewalNotices(contracts: TimelineContract[], timeZone: string, now = new Date()): RenewalNotice[] {
  const horizon = now.getTime() + RENEWAL_NOTICE_DAYS * 86_400_000;
  return contracts
    .filter(
      (c) =>
        c.endsAt &&
        c.status === "active" &&
        c.startsAt <= now &&
        c.endsAt.getTime() > now.getTime() &&
        c.endsAt.getTime() <= horizon,
    )
    .sort((a, b) => a.endsAt!.getTime() - b.endsAt!.getTime())
    .map((c) => {
      const renewal = renewalOf(c, contracts);
      return {
        contractId: c.id,
        name: contractName(c),
        lastDay: lastDayIn(c.endsAt!, timeZone),
        daysLeft: Math.max(0, Math.ceil((c.endsAt!.getTime() - now.getTime()) / 86_400_000)),
        renewal: renewal
          ? { contractId: renewal.id, name: contractName(renewal), startsOn: dayIn(renewal.startsAt, timeZone) }
          : null,
      };
    });
}
