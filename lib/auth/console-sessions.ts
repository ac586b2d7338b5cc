import "server-only";
import { eq } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { consoleAccounts, consoleSessions } from "@/db/schema";
import type { SignedInAccount } from "./login-throttle";

/** A session's last-seen time is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/** Starts a server-side session for a signed-in account; the cookie carries its id. */
export async function startSession(db: Database, accountId: string, now = new Date()): Promise<string> {
  const [session] = await db
    .insert(consoleSessions)
    .values({ accountId, createdAt: now, lastSeenAt: now })
    .returning({ id: consoleSessions.id });
  return session!.id;
}

/**
 * The account behind a session id as it is now (role and organization read again), or null when
 * the session was ended, its account removed, or it has been idle longer than `idleMinutes`
 * (an idle session is deleted). Checked on every request that reads the session.
 */
export async function resumeSession(
  db: Database,
  sessionId: string,
  idleMinutes: number,
  now = new Date(),
): Promise<SignedInAccount | null> {
  const [row] = await db
    .select({
      lastSeenAt: consoleSessions.lastSeenAt,
      id: consoleAccounts.id,
      email: consoleAccounts.email,
      role: consoleAccounts.role,
      organizationId: consoleAccounts.organizationId,
    })
    .from(consoleSessions)
    .innerJoin(consoleAccounts, eq(consoleAccounts.id, consoleSessions.accountId))
    .where(eq(consoleSessions.id, sessionId));
  if (!row) return null;
  const idleFor = now.getTime() - row.lastSeenAt.getTime();
  if (idleFor > idleMinutes * 60_000) {
    await endSession(db, sessionId);
    return null;
  }
  if (idleFor > TOUCH_EVERY_MS) {
    await db.update(consoleSessions).set({ lastSeenAt: now }).where(eq(consoleSessions.id, sessionId));
  }
  return { id: row.id, email: row.email, role: row.role, organizationId: row.organizationId };
}

export async function endSession(db: Database, sessionId: string) {
  await db.delete(consoleSessions).where(eq(consoleSessions.id, sessionId));
}

/** "Sign out everywhere": every browser signed in to the account is signed out on its next request. */
export async function endAllSessions(db: Executor, accountId: string) {
  await db.delete(consoleSessions).where(eq(consoleSessions.accountId, accountId));
}
