import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { csvLine, userCsvColumns } from "@/lib/console/csv";
import { getOrganization } from "@/lib/console/queries";
import { parseUserFilters, usersForExport } from "@/lib/console/users-queries";

// The users table as CSV, with the same filters as the page. Streamed in batches so an
// organization of 100,000 users never sits in memory at once; the columns are the import's, so
// an export can be edited and imported into another organization.

const organizationId = z.uuid();

export async function GET(request: NextRequest) {
  const actor = await getActor();
  if (!actor)
    return NextResponse.json(
      { error: { code: "UNAUTHENTICATED", message: "Sign in to export users." } },
      { status: 401 },
    );
  const params = Object.fromEntries(request.nextUrl.searchParams);
  const parsed = organizationId.safeParse(params.org ?? actor.organizationId);
  if (!parsed.success || !can(actor, "read", { organizationId: parsed.data })) {
    return NextResponse.json({ error: { code: "NOT_FOUND", message: "No such organization." } }, { status: 404 });
  }
  const db = getDb();
  const organization = await getOrganization(db, parsed.data);
  if (!organization)
    return NextResponse.json({ error: { code: "NOT_FOUND", message: "No such organization." } }, { status: 404 });

  const filters = parseUserFilters(params);
  const encoder = new TextEncoder();
  const batches = usersForExport(db, organization.id, filters);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine([...userCsvColumns])));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) return controller.close();
      const text = next.value
        .map((u) => csvLine([u.username, u.email, u.profileName, u.status, u.credentials, u.validTo, u.managerName]))
        .join("");
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const filename = `users-${organization.siteId}-${new Date().toISOString().slice(0, 10)}.csv`.replace(/[^\w.-]/g, "_");
  return new NextResponse(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
