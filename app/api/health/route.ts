import { pingDb } from "@/db/client";
import { withinDeadline } from "@/lib/http/database-unavailable";
import { errorFields, log } from "@/lib/runtime/log";

export const dynamic = "force-dynamic";

// Load balancers give up on a slow probe: the answer comes within a second whatever the database does.
const PING_DEADLINE_MS = 500;

/** Liveness and database reachability for load balancers and monitors: no details on failure. */
export async function GET() {
  try {
    await withinDeadline(pingDb(), PING_DEADLINE_MS);
    return Response.json({ status: "ok", database: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    log.warn(errorFields(e), "health check: the database did not answer");
    return Response.json(
      { status: "error", database: "unreachable" },
      { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": "2" } },
    );
  }
}
