import Papa from "papaparse";
import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { getActor } from "@/lib/auth/session";
import { auditNames } from "@/lib/console/audit-names";
import { auditExport, parseAuditFilter, VENDOR_LOG } from "@/lib/console/audit-queries";
import { exportScope } from "@/lib/console/scope";

// The audit log as CSV, with the same filter as the page. Another organization answers 404, and
// so does the vendor's own log (org=vendor) to anyone but vendor staff.
export async function GET(request: NextRequest) {
  const actor = await getActor();
  if (!actor)
    return NextResponse.json({ error: { code: "UNAUTHENTICATED", message: "Sign in again." } }, { status: 401 });
  const params = Object.fromEntries(request.nextUrl.searchParams);
  const log = exportScope(actor, params.org || null, VENDOR_LOG);
  if (!log) {
    return NextResponse.json({ error: { code: "NOT_FOUND", message: "That was not found." } }, { status: 404 });
  }
  const rows = await auditExport(getDb(), log, parseAuditFilter(params));
  const names = await auditNames(getDb(), rows);
  const csv = Papa.unparse(
    rows.map((e) => ({
      time: e.createdAt.toISOString(),
      actor: e.actorLabel,
      actorType: e.actorType,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId ?? "",
      targetName: e.targetId ? (names[e.targetId] ?? "") : "",
      before: e.before === null ? "" : JSON.stringify(e.before),
      after: e.after === null ? "" : JSON.stringify(e.after),
    })),
    // escapeFormulae: a cell starting with = + - @ is not run as a formula by spreadsheet programs.
    {
      columns: ["time", "actor", "actorType", "action", "targetType", "targetId", "targetName", "before", "after"],
      escapeFormulae: true,
    },
  );
  const day = new Date().toISOString().slice(0, 10);
  return new NextResponse(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
