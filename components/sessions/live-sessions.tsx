"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { endSessionAction } from "@/app/(console)/sessions/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { IDLE_NOTICE_SECONDS, sessionIdleSeconds } from "@/lib/console/floating-notice";
import { When } from "@/components/ui/when";
import { formatDateTime, formatDuration, sentenceCase } from "@/lib/console/format";
import type { LiveSessionsView } from "@/lib/console/sessions-queries";
import { FloatingSummary } from "./floating-summary";

/** How often the table asks for fresh rows (SPEC §5: the live views refresh within 5 s). */
export const LIVE_REFRESH_MS = 3_000;

export function liveSessionsUrl(organizationId: string, filter: { pool?: string; client?: string }) {
  const params = new URLSearchParams({ org: organizationId });
  if (filter.pool) params.set("pool", filter.pool);
  if (filter.client) params.set("client", filter.client);
  return `/sessions/live?${params}`;
}

/** The live sessions table: polls its route handler, ends a session after a confirmation. */
export function LiveSessions({
  organizationId,
  filter,
  initial,
  canEnd,
  isFiltered,
}: {
  organizationId: string;
  filter: { pool?: string; client?: string };
  initial: LiveSessionsView;
  canEnd: boolean;
  isFiltered: boolean;
}) {
  const queryClient = useQueryClient();
  const url = liveSessionsUrl(organizationId, filter);
  const queryKey = ["live-sessions", url];
  const { data, isError } = useQuery({
    queryKey,
    queryFn: async ({ signal }): Promise<LiveSessionsView> => {
      const response = await fetch(url, { signal, cache: "no-store" });
      if (!response.ok) throw new Error(`Live sessions answered ${response.status}`);
      return response.json();
    },
    initialData: initial,
    refetchInterval: LIVE_REFRESH_MS,
  });
  const now = new Date(data.now);

  async function end(sessionId: string) {
    const result = await endSessionAction({ organizationId, sessionId });
    if (!result.ok) return result.error;
    toast.success(result.data.ended ? (result.message ?? "Session ended.") : "That session had already ended.");
    await queryClient.invalidateQueries({ queryKey });
    return null;
  }

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-5 py-3 text-sm text-slate-600">
        <p aria-live="polite" data-testid="session-totals">
          {sessionTotals(data.totals)}
          {data.totals.sessions > data.sessions.length ? ` (showing the newest ${data.sessions.length})` : ""}
        </p>
        <p className="text-xs text-slate-500">
          {isError ? (
            <span className="text-red-700">Could not refresh; retrying.</span>
          ) : (
            `Refreshes every ${LIVE_REFRESH_MS / 1000} s · updated ${formatDateTime(now)}`
          )}
        </p>
      </div>
      <FloatingSummary pools={data.floating} />
      {data.sessions.length === 0 ? (
        <EmptyState title={isFiltered ? "No live sessions match" : "No live sessions"}>
          {isFiltered
            ? "Clear the filter to see every live session."
            : "Sessions appear here while licensed applications are connected."}
        </EmptyState>
      ) : (
        <Table stickyHeader>
          <THead>
            <tr>
              <Th>User</Th>
              <Th>Pool</Th>
              <Th className="hidden lg:table-cell">Client</Th>
              <Th>Device</Th>
              <Th className="hidden lg:table-cell">Started</Th>
              <Th>Last heartbeat</Th>
              <Th className="hidden text-right lg:table-cell">Weight</Th>
              {canEnd ? <Th className="text-right">Actions</Th> : null}
            </tr>
          </THead>
          <TBody>
            {data.sessions.map((s) => {
              const who = s.username ?? "Anonymous";
              return (
                <Tr key={s.id}>
                  <Td className="font-medium text-slate-900">
                    {s.username ?? <span className="font-normal text-slate-500">Anonymous</span>}
                    <IdleBadge seconds={sessionIdleSeconds(s, now)} />
                  </Td>
                  <Td>
                    {s.moduleName}
                    <div className="text-xs text-slate-500">{s.model}</div>
                    {/* Below lg the client, start and weight fold in here, so End stays on screen. */}
                    <div className="text-xs text-slate-500 lg:hidden">
                      {sentenceCase(s.clientType)} · started <When at={s.startedAt} now={now} />
                      {s.model === "concurrent" && s.weight !== 1 ? ` · weight ${s.weight}` : ""}
                    </div>
                  </Td>
                  <Td className="hidden lg:table-cell">
                    <Badge>{sentenceCase(s.clientType)}</Badge>
                  </Td>
                  <Td className="max-w-48 truncate font-mono text-xs" title={s.deviceId}>
                    {s.deviceId}
                  </Td>
                  <Td className="hidden whitespace-nowrap lg:table-cell">
                    <When at={s.startedAt} now={now} />
                  </Td>
                  <Td className="whitespace-nowrap">
                    <When at={s.lastHeartbeatAt} now={now} />
                  </Td>
                  <Td className="hidden text-right tabular-nums lg:table-cell">
                    {s.model === "concurrent" ? s.weight : <span className="text-slate-500">—</span>}
                  </Td>
                  {canEnd ? (
                    <Td className="text-right">
                      <ConfirmDialog
                        trigger={
                          <Button
                            variant="ghost"
                            className="px-2 py-1 text-xs text-red-700"
                            aria-label={`End session of ${who} on ${s.deviceId}`}
                          >
                            End
                          </Button>
                        }
                        title="End this session?"
                        confirmLabel="End session"
                        onConfirm={() => end(s.id)}
                      >
                        {endSentence({ ...s, who })}
                      </ConfirmDialog>
                    </Td>
                  ) : null}
                </Tr>
              );
            })}
          </TBody>
        </Table>
      )}
    </>
  );
}

/** The heading's counts: on named pools a seat is the user's, not the session's, so only concurrent sessions hold seats. */
function sessionTotals(t: LiveSessionsView["totals"]) {
  const sessions = `${t.sessions} live session${t.sessions === 1 ? "" : "s"}`;
  if (t.concurrentSessions === 0) return sessions;
  const held = `${t.concurrentSeats} concurrent seat${t.concurrentSeats === 1 ? "" : "s"}`;
  return t.concurrentSessions === t.sessions
    ? `${sessions} holding ${held}`
    : `${sessions}; the ${t.concurrentSessions} in concurrent pools hold ${held}`;
}

/** What ending a session frees: a concurrent session's seats; a named pool's seat stays with its user. */
function endSentence(s: { who: string; deviceId: string; moduleName: string; model: string; weight: number }) {
  const gone = `${s.who} on ${s.deviceId} (${s.moduleName}) is disconnected`;
  if (s.model !== "concurrent")
    return `${gone}. The named seat stays with the user; the application can connect again.`;
  return `${gone} and its ${s.weight === 1 ? "seat returns" : `${s.weight} seats return`} to the pool at once.`;
}

/** "Idle 12 min" once the client has reported idleness long enough to notice (rule 25). */
function IdleBadge({ seconds }: { seconds: number | null }) {
  if (seconds === null || seconds < IDLE_NOTICE_SECONDS) return null;
  return (
    <div className="mt-1">
      <Badge tone="warning" data-testid="session-idle">
        Idle {formatDuration(seconds)}
      </Badge>
    </div>
  );
}
