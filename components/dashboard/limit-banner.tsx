import Link from "next/link";
import type { DashboardAlert } from "@/lib/console/dashboard-queries";

const what: Record<Exclude<DashboardAlert["state"], "normal">, string> = {
  over: "is over its limit",
  full: "is full",
  warning: "is at or above its warning threshold",
};

/** Where the seats of a pool are held: the users of a named module, the sessions of a concurrent pool. */
function holdersHref(organizationId: string, alert: DashboardAlert) {
  const org = encodeURIComponent(organizationId);
  return alert.model === "named"
    ? `/users?org=${org}&module=${encodeURIComponent(alert.module)}`
    : `/sessions?org=${org}&pool=${encodeURIComponent(alert.poolId)}`;
}

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
        {alerts.map((a) => (
          <li key={a.poolId} className="flex flex-wrap items-baseline gap-x-2">
            <span>
              <strong className="font-semibold">{a.moduleName}</strong> {a.state === "normal" ? "" : what[a.state]}:{" "}
              <span className="tabular-nums">
                {a.inUse} of {a.limit}
              </span>
              {a.state === "warning" ? ` (threshold ${a.warningThresholdPercent}%)` : ""}.
            </span>
            <Link
              href={holdersHref(organizationId, a)}
              className="font-medium underline underline-offset-2 hover:no-underline"
            >
              {a.model === "named"
                ? `See the users holding ${a.moduleName} seats`
                : `See the live ${a.moduleName} sessions`}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
