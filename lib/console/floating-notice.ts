// A session whose client reports being idle this long is shown as idle on the live views (rule
// 25), also on pools without an idle timeout. No dependencies: client components read it too.
export const IDLE_NOTICE_MINUTES = 5;
export const IDLE_NOTICE_SECONDS = IDLE_NOTICE_MINUTES * 60;

/**
 * How long a live session has been idle, as the console shows it, or null while it is not idle. A
 * client reports how long its machine has been idle, which can have begun before the session
 * did; a session is never shown idle for longer than it has existed.
 */
export function sessionIdleSeconds(s: { idleSince: string | null; startedAt: string }, now: Date): number | null {
  if (!s.idleSince) return null;
  const since = Math.max(new Date(s.idleSince).getTime(), new Date(s.startedAt).getTime());
  return Math.max(0, (now.getTime() - since) / 1000);
}
