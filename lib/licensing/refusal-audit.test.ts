import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import type { Database } from "@/db/client";
import { createAccount } from "@/lib/auth/accounts";
import { createApiApp } from "@/lib/api/app";
import { testDb, unique } from "@/lib/testing/db";
import { adminOf, testOperator } from "@/lib/testing/fixtures";
import { actorId } from "./actor";
import { recordRefusal, REFUSAL_WINDOW_SECONDS } from "./audit";
import { createOrganization } from "./catalogue";
import { createOperatorToken } from "./tokens";

// A burst of refused attempts is counted on one audit row per kind and window, not one row each:
// the audit log (kept for months) can't be flooded, and still says who tried what, how often and when.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const refusalsOf = (organizationId: string) =>
  db
    .select({ actorId: auditEvents.actorId, after: auditEvents.after, createdAt: auditEvents.createdAt })
    .from(auditEvents)
    .where(and(eq(auditEvents.organizationId, organizationId), eq(auditEvents.action, "refused")))
    .orderBy(asc(auditEvents.id));

describe("refusal audit rows", () => {
  it("counts 12 refused API calls fired at once on one row (exact count, first sentence, last time)", async () => {
    const token = (await createOperatorToken(db, testOperator, unique("flood"))).secret;
    const app = createApiApp({ db: () => db });
    const organization = await createOrganization(db, testOperator, { name: unique("Flood") });
    const email = `${unique("taken")}@flood.test`;
    await createAccount(db, testOperator, {
      email,
      password: "quiet-harbour-lantern-41",
      role: "admin",
      organizationId: organization.id,
    });
    const invite = () =>
      app.fetch(
        new Request(`http://console.test/api/v1/manage/organizations/${organization.id}/invitations`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ email, role: "owner" }),
        }),
      );
    const answers = await Promise.all(Array.from({ length: 12 }, invite));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(409));

    const rows = await refusalsOf(organization.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.after).toMatchObject({ code: "CONFLICT", times: 12, message: expect.any(String) });
    const lastAt = new Date((rows[0]!.after as { lastAt: string }).lastAt);
    expect(lastAt.getTime()).toBeGreaterThanOrEqual(rows[0]!.createdAt.getTime() - 1000);
  });

  it("keeps another actor, another code or permission, and a repeat after the window on rows of their own", async () => {
    const organization = await createOrganization(db, testOperator, { name: unique("Kinds") });
    const admin = adminOf(organization.id);
    const other = adminOf(organization.id);
    const refused = (code: string, permission = "users.manage") => ({
      organizationId: organization.id,
      targetType: "console_action",
      after: { permission, role: "admin", code, message: `Refused with ${code}.` },
    });
    const start = new Date();
    await recordRefusal(db, admin, refused("FORBIDDEN"), start);
    await recordRefusal(db, admin, refused("FORBIDDEN"), start);
    await recordRefusal(db, other, refused("FORBIDDEN"), start);
    await recordRefusal(db, admin, refused("CONFLICT"), start);
    await recordRefusal(db, admin, refused("FORBIDDEN", "profiles.manage"), start);
    const later = new Date(start.getTime() + (REFUSAL_WINDOW_SECONDS + 1) * 1000);
    await recordRefusal(db, admin, refused("FORBIDDEN"), later);

    const rows = await refusalsOf(organization.id);
    expect(rows.map((r) => [r.actorId === actorId(admin) ? "admin" : "other", r.after])).toEqual([
      ["admin", expect.objectContaining({ code: "FORBIDDEN", permission: "users.manage", times: 2 })],
      ["other", expect.not.objectContaining({ times: expect.anything() })],
      ["admin", expect.objectContaining({ code: "CONFLICT" })],
      ["admin", expect.objectContaining({ code: "FORBIDDEN", permission: "profiles.manage" })],
      ["admin", expect.not.objectContaining({ times: expect.anything() })],
    ]);
  });
});
