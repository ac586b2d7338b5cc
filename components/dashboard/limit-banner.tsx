import Link from "next/link";
import type { DashboardAlert } from "@/lib/console/dashboard-queries";
import { holdersHref, holdingWords } from "@/lib/console/holders-href";
import type { HoldingState } from "@/lib/licensing/usage";

const what: Record<Exclude<DashboardAlert["state"], "normal">, string> = {
  over: "is over its limit",
  full: "is full",
  warning: "is at or above its warning threshold",
};

/** Devices and API connects are named after the module: "Field App: devices all used: 5 of 5". */
const whose: Record<HoldingState["kind"], string> = {
  seats: "",
  sessions: "",
  activations: ": devices",
  apiConnects: ": API connects this month",
};
const usedUp: typeof what = { over: "over the limit", full: "all used", warning: "at or above the warning threshold" };

/** Every pool over its limit or at/above its threshold, each with a link to what holds its seats. */
export function LimitBanner({ organizationId, alerts }: { organizationId: string; alerts: DashboardAlert[] }) {
  if (alerts.length === 0) return null;
  const isOver = alerts.some((a) => a.state === "over");
  return (
    <section
      aria-label="Limit warnings"
      className={`mb-6 rounded-lg border px-5 py-4 ${isOver ? "border-red-200 bg-red-50 text-red-900" : "border-amber-200 bg-amber-50 text-amber-900"}`}
    >
      <h2 className="text-sm font-semibold">
        {alerts.length === 1 ? "1 licence pool needs attention" : `${alerts.length} licence pools need attention`}
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {alerts.flatMap((a) =>
          a.holdings.map((h) => (
            <li key={`${a.poolId}:${h.kind}`} className="flex flex-wrap items-baseline gap-x-2">
              <span>
                <strong className="font-semibold">{a.moduleName}</strong>
                {whose[h.kind]} {h.kind === "seats" || h.kind === "sessions" ? what[h.state] : usedUp[h.state]}:{" "}
                <span className="tabular-nums">
                  {h.held} of {h.limit}
                </span>
                {h.state === "warning" ? ` (threshold ${a.warningThresholdPercent}%)` : ""}.
              </span>
              <Link
                href={holdersHref(organizationId, a, h.kind)}
                className="font-medium underline underline-offset-2 hover:no-underline"
              >
                {holdingWords[h.kind].holders(a.moduleName)}
              </Link>
              {h.state === "over" && (h.kind === "seats" || h.kind === "sessions") && a.overHolders.length ? (
                <span data-testid="over-holders">
                  Beyond the limit, most recent first:{" "}
                  {a.overHolders.map((o, i) => (
                    <span key={o.id}>
                      {i > 0 ? ", " : ""}
                      {h.kind === "seats" ? (
                        <Link
                          href={`/users/${o.id}?org=${encodeURIComponent(organizationId)}`}
                          className="font-medium underline underline-offset-2"
                        >
                          {o.label}
                        </Link>
                      ) : (
                        <strong className="font-medium">{o.label}</strong>
                      )}
                    </span>
                  ))}
                  {h.kind === "seats" ? (
                    <>
                      {" "}
                      (
                      <Link
                        href={`/users?${new URLSearchParams({ org: organizationId, module: a.module, over: "yes" })}`}
                        className="font-medium underline underline-offset-2 hover:no-underline"
                      >
                        every user over the limit
                      </Link>
                      )
                    </>
                  ) : null}
                </span>
              ) : null}
            </li>
          )),
        )}
      </ul>
    </section>
  );
}
