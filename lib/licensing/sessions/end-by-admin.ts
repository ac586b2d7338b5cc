import "server-only";
import { eq } from "drizzle-orm";
import { sessions } from "@/db/schema";
import type { Database } from "@/db/client";
import type { Actor } from "../actor";
import { LicensingError } from "../errors";
import { assertInScope, isUuid, type Scope } from "../input";
import { endingSession, endLiveSessions } from "../session-release";

/** An administrator ends a stuck session (reason ended_by_admin); its seats return at once. */
export async function endSessionByAdmin(
  db: Database,
  actor: Actor,
  sessionId: string,
  scope: Scope,
): Promise<{ ended: boolean }> {
  if (!isUuid(sessionId)) throw new LicensingError("NOT_FOUND", "That session was not found.");
  const [session] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
  if (!session) throw new LicensingError("NOT_FOUND", "That session was not found.");
  assertInScope(scope, session.organizationId, "That session");
  const ended = await endLiveSessions(db, eq(endingSession.id, sessionId), "ended_by_admin", {
    actor,
    entry: {
      organizationId: session.organizationId,
      action: "session.end",
      targetType: "session",
      before: { deviceId: session.deviceId, clientType: session.clientType, weight: session.weight },
    },
  });
  return { ended: ended.length > 0 };
}
