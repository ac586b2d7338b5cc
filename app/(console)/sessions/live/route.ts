import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { can, isVendorStaff } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { liveSessionsView, parseSessionFilter } from "@/lib/console/sessions-queries";
import { isUuid } from "@/lib/licensing/input";

// What the sessions page (and the dashboards) poll: the live sessions of one organization.
// Another organization's id answers 404, like its pages (SPEC rule 14).
export async function GET(request: NextRequest) {
  const actor = await getActor();
  if (!actor)
    return NextResponse.json({ error: { code: "UNAUTHENTICATED", message: "Sign in again." } }, { status: 401 });
  const params = request.nextUrl.searchParams;
  const organizationId = isVendorStaff(actor) ? params.get("org") : actor.organizationId;
  if (
    !organizationId ||
    !isUuid(organizationId) ||
    !can(actor, "read", { organizationId }) ||
    (!isVendorStaff(actor) && params.get("org") && params.get("org") !== organizationId)
  ) {
    return NextResponse.json({ error: { code: "NOT_FOUND", message: "That was not found." } }, { status: 404 });
  }
  const view = await liveSessionsView(
    getDb(),
    organizationId,
    parseSessionFilter((name) => params.get(name)),
  );
  return NextResponse.json(view, { headers: { "Cache-Control": "no-store" } });
}
