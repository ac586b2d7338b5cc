import Papa from "papaparse";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { getOrganization } from "@/lib/console/queries";
import { usageHistory } from "@/lib/console/history-queries";
import { parseRange } from "@/lib/reports/ranges";

// The usage history's series as CSV: one row per pool and bucket, the same figures as the charts.

const organizationId = z.string().uuid();

export async function GET(request: NextRequest) {
  const actor = await getActor();
  if (!actor)
    return NextResponse.json(
      { error: { code: "UNAUTHENTICATED", message: "Sign in to export usage." } },
      { status: 401 },
    );
  const params = request.nextUrl.searchParams;
  const parsed = organizationId.safeParse(params.get("org") ?? actor.organizationId);
  if (!parsed.success || !can(actor, "read", { organizationId: parsed.data })) {
    return NextResponse.json({ error: { code: "NOT_FOUND", message: "No such organization." } }, { status: 404 });
  }
  const db = getDb();
  const organization = await getOrganization(db, parsed.data);
  if (!organization)
    return NextResponse.json({ error: { code: "NOT_FOUND", message: "No such organization." } }, { status: 404 });

  const range = parseRange(params.get("range"));
  const history = await usageHistory(db, organization.id, range);
  const rows = history.pools.flatMap((pool) =>
    pool.points.map((p) => ({
      bucket_start_utc: p.t,
      module: pool.module,
      module_name: pool.moduleName,
      model: pool.model,
      capacity: p.capacity ?? "",
      peak_in_use: p.peak ?? "",
      average_in_use: p.avg ?? "",
      denials: p.denials,
    })),
  );
  const csv = Papa.unparse(rows, {
    columns: [
      "bucket_start_utc",
      "module",
      "module_name",
      "model",
      "capacity",
      "peak_in_use",
      "average_in_use",
      "denials",
    ],
    // Cells starting with = + - @ are escaped so a spreadsheet never runs them as formulas.
    escapeFormulae: true,
  });
  const filename = `usage-${organization.siteId}-${range}-${history.to.slice(0, 10)}.csv`.replace(/[^\w.-]/g, "_");
  return new NextResponse(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
