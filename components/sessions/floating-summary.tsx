import { formatDuration } from "@/lib/console/format";
import type { LiveSessionsView } from "@/lib/console/sessions-queries";

/**
 * Rule 25 per concurrent pool, above the live sessions: who waits in line and for how long, the
 * idle sessions and the seats their idle timeout makes reclaimable now. Nothing for named pools.
 */
export function FloatingSummary({ pools }: { pools: LiveSessionsView["floating"] }) {
  if (pools.length === 0) return null;
  return (
    <section aria-label="Queue and idle seats" className="border-b border-slate-100 px-5 py-3">
      <ul className="grid gap-2 text-sm sm:grid-cols-2 xl:grid-cols-3">
        {pools.map((p) => (
          <li
            key={p.poolId}
            className="rounded-md bg-slate-50 px-3 py-2 text-slate-600"
            data-testid="floating-pool"
            aria-label={p.moduleName}
          >
            <div className="font-medium text-slate-900">{p.moduleName}</div>
            <dl className="mt-1 grid grid-cols-[1fr_auto] gap-x-3 text-xs">
              <dt>Waiting in line</dt>
              <dd className="text-right tabular-nums" data-testid="floating-queue">
                {p.queueLength > 0 ? `${p.queueLength} · longest ${formatDuration(p.longestWaitMs / 1000)}` : 0}
              </dd>
              <dt>Idle sessions</dt>
              <dd className="text-right tabular-nums" data-testid="floating-idle">
                {p.idleSessions}
              </dd>
              <dt>Seats reclaimable now</dt>
              <dd className="text-right tabular-nums" data-testid="floating-reclaimable">
                {p.reclaimableSeats}
              </dd>
              <dt>Idle timeout</dt>
              <dd className="text-right tabular-nums">
                {p.idleTimeoutMinutes === null ? "off" : formatDuration(p.idleTimeoutMinutes * 60)}
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
