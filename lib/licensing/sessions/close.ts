import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { sessions } from "@/db/schema";
import type { Database } from "@/db/client";
import { Batcher, batchersPer } from "@/lib/runtime/batch";
import { actorId } from "../actor";
import { LicensingError } from "../errors";
import { isUuid, type ClientKey } from "../input";
import { endingSession as s, endLiveSessions } from "../session-release";

/** Ends a session from its client. Idempotent: an already-ended session is fine; an unknown id is SESSION_NOT_FOUND. */
export async function closeSession(db: Database, key: ClientKey, sessionId: string): Promise<{ ended: boolean }> {
  const unknown = () => new LicensingError("SESSION_NOT_FOUND", "This session is unknown.", { sessionId });
  if (!isUuid(sessionId)) throw unknown();
  // One round ends it with the key's other closes, gives their seats back and writes their audit events.
  const closed = await closes(db).run(`${key.contractId} ${actorId(key.actor)}`, {
    key,
    sessionId: sessionId.toLowerCase(),
  });
  if (closed) return { ended: true };
  const [known] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.contractId, key.contractId)));
  if (!known) throw unknown();
  return { ended: false };
}

/** The closes of one key arriving together, as ONE statement: true for each session it ended. */
const closes = batchersPer(
  (db: Database) =>
    new Batcher<{ key: ClientKey; sessionId: string }, boolean>("closes", async (items) => {
      const { key } = items[0]!;
      // Sorted, so rounds that share sessions tend to lock them alike (a deadlock's rare victim is
      // answered 503, and trying again is safe).
      const ids = [...new Set(items.map((i) => i.sessionId))].sort();
      const ended = await endLiveSessions(
        db,
        sql`${ids.length === 1 ? eq(s.id, ids[0]!) : sql`${s.id} = any(${`{${ids.join(",")}}`}::uuid[])`} and ${eq(s.contractId, key.contractId)}`,
        "closed",
        {
          actor: key.actor,
          entry: { organizationId: key.organizationId, action: "session.close", targetType: "session" },
        },
      );
      const endedNow = new Set(ended.map((e) => e.id));
      // A session closed twice in one round is ended by the first close; the second finds it ended.
      return items.map((i) => endedNow.delete(i.sessionId));
    }),
);
