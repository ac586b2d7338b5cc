import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { dashboardData } from "@/lib/console/dashboard-queries";

// The dashboard's live data, polled by the page every few seconds. Another organization's id
// answers 404 like an unknown one (SPEC §2 rule 14).

const organizationId = z.string().uuid();

export async function GET(request: NextRequest) {
  const actor = await getActor();
  if (!actor)
    return NextResponse.json(
      { error: { code: "UNAUTHENTICATED", message: "Sign in to see the dashboard." } },
      { status: 401 },
    );
  const requested = request.nextUrl.searchParams.get("org") ?? actor.organizationId;
  const parsed = organizationId.safeParse(requested);
  if (!parsed.success || !can(actor, "read", { organizationId: parsed.data })) {
    return NextResponse.json({ error: { code: "NOT_FOUND", message: "No such organization." } }, { status: 404 });
  }
  const data = await dashboardData(getDb(), parsed.data);
  return NextResponse.json(data, { headers: { "Cache-Control": "no-store" } });
}
