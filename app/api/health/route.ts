import { pingDb } from "@/db/client";

export const dynamic = "force-dynamic";

/** Liveness and database reachability for load balancers and monitors: no details on failure. */
export async function GET() {
  try {
    await pingDb();
    return Response.json({ status: "ok", database: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    console.error("Health check: the database did not answer.", e);
    return Response.json(
      { status: "error", database: "unreachable" },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
