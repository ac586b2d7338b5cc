import Link from "next/link";
import { formatDate } from "@/lib/console/format";
import type { RenewalNotice } from "@/lib/console/renewals";

const inDays = (n: number) => (n <= 1 ? "tomorrow or sooner" : `in ${n} days`);

/** Contracts ending within 30 days, each with a link to its renewal timeline on the contract page. */
export function RenewalNotices({ organizationId, notices }: { organizationId: string; notices: RenewalNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <section
      aria-label="Contract renewals"
      data-testid="renewal-notice"
      className="mb-6 rounded-lg border border-sky-200 bg-sky-50 px-5 py-4 text-sm text-sky-950"
    >
      <h2 className="font-semibold">
        {notices.length === 1 ? "A contract ends soon" : `${notices.length} contracts end soon`}
      </h2>
      <ul className="mt-2 space-y-1">
        {notices.map((n) => (
          <li key={n.contractId} className="flex flex-wrap items-baseline gap-x-2">
            <span>
              <strong className="font-semibold">{n.name}</strong> is in force through {formatDate(n.lastDay)} (
              {inDays(n.daysLeft)}).{" "}
              {n.renewal
                ? `${n.renewal.name} takes over on ${formatDate(n.renewal.startsOn)}.`
                : "No renewal contract exists yet."}
            </span>
            <Link
              href={`/contract?org=${encodeURIComponent(organizationId)}#contract-${n.contractId}`}
              className="font-medium underline underline-offset-2 hover:no-underline"
            >
              See the renewal timeline
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
