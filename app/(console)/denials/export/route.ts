import Papa from "papaparse";
import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { getActor } from "@/lib/auth/session";
import { ALL_ORGANIZATIONS, denialsExport, parseDenialFilter } from "@/lib/console/denials-queries";
import { exportScope } from "@/lib/console/scope";

// The denials as CSV, with the same filter as the page. Another organization answers 404, and so
// does every organization's list (org=all) to anyone but vendor staff.
export async function GET(request: NextRequest) {
  const actor = await getActor();
  if (!actor)
    return NextResponse.json({ error: { code: "UNAUTHENTICATED", message: "Sign in again." } }, { status: 401 });
  const params = Object.fromEntries(request.nextUrl.searchParams);
  const scope = exportScope(actor, params.org || null, ALL_ORGANIZATIONS);
  if (!scope) {
    return NextResponse.json({ error: { code: "NOT_FOUND", message: "That was not found." } }, { status: 404 });
  }
  const rows = await denialsExport(getDb(), scope, parseDenialFilter(params));
  const csv = Papa.unparse(
    rows.map((d) => ({
      time: d.at,
      organization: d.organizationName,
      pool: d.moduleName ?? "",
      user: d.username ?? "",
      userId: d.userId ?? "",
      device: d.deviceId ?? "",
      clientType: d.clientType ?? "",
      kind: d.kind,
      code: d.code,
      sentence: d.message,
      actor: d.actor,
    })),
    // escapeFormulae: a cell starting with = + - @ is not run as a formula by spreadsheet programs.
    {
      columns: [
        "time",
        "organization",
        "pool",
        "user",
        "userId",
        "device",
        "clientType",
        "kind",
        "code",
        "sentence",
        "actor",
      ],
      escapeFormulae: true,
    },
  );
  const day = new Date().toISOString().slice(0, 10);
  return new NextResponse(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="denials-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
