import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { vendorOverview } from "@/lib/console/overview-queries";

// The vendor overview's live data, polled by the page every few seconds like the dashboard's.
// Owners and administrators answer 404 like an unknown page: the overview is vendor staff's.

export async function GET(request: NextRequest) {
  const actor = await getActor();
  if (!actor)
    return NextResponse.json(
      { error: { code: "UNAUTHENTICATED", message: "Sign in to see the organizations." } },
      { status: 401 },
    );
  if (!can(actor, "organizations.read")) {
    return NextResponse.json({ error: { code: "NOT_FOUND", message: "Not found." } }, { status: 404 });
  }
  const params = request.nextUrl.searchParams;
  const overview = await vendorOverview(getDb(), {
    search: params.get("q") ?? "",
    page: Number(params.get("page")) || 1,
  });
  return NextResponse.json(overview, { headers: { "Cache-Control": "no-store" } });
}
