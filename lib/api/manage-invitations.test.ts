import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import type { Database } from "@/db/client";
import { createAccount } from "@/lib/auth/accounts";
import { createOrganization } from "@/lib/licensing/catalogue";
import { createOperatorToken } from "@/lib/licensing/tokens";
import { invitationLink } from "@/lib/people/invitations";
import { testDb, unique } from "@/lib/testing/db";
import { testOperator } from "@/lib/testing/fixtures";
import { apiRequests } from "@/lib/testing/manage-api";
import { openApiDocument } from "./table";

// The management API's invitation routes, through the application server.ts serves (no mail
// server configured: the link is in the answer, `mail` says it was not sent).

let db: Database;
let call: ReturnType<typeof apiRequests>;

beforeAll(async () => {
  db = await testDb();
  const token = (await createOperatorToken(db, testOperator, unique("invitations"))).secret;
  call = apiRequests(db, token, "http://console.test");
});
type Created = {
  invitation: { id: string; email: string; role: string; expiresAt: string; url: string };
  mail: string;
};

describe("/api/v1/manage/organizations/{id}/invitations", () => {
  it("invites an owner (201 with the link once), lists it without the link, and revokes it", async () => {
    const organization = await createOrganization(db, testOperator, { name: unique("Api") });
    const path = `/api/v1/manage/organizations/${organization.id}/invitations`;
    const email = `${unique("owner")}@api.test`;
    const created = await call("POST", path, { email: email.toUpperCase(), role: "owner" });
    expect(created.status).toBe(201);
    const body = (await created.json()) as Created;
    expect(body).toMatchObject({ invitation: { email, role: "owner" }, mail: "not_configured" });
    expect(body.invitation.url).toMatch(/^http:\/\/console\.test\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = body.invitation.url.split("/invite/")[1]!;
    expect((await invitationLink(db, token)).state).toBe("open");

    const listed = (await (await call("GET", path)).json()) as { invitations: Record<string, unknown>[] };
    expect(listed.invitations).toEqual([expect.objectContaining({ id: body.invitation.id, state: "pending" })]);
    expect(JSON.stringify(listed)).not.toContain(token);

    expect((await call("DELETE", `${path}/${body.invitation.id}`)).status).toBe(204);
    expect((await invitationLink(db, token)).state).toBe("revoked");
    expect((await call("DELETE", `${path}/${body.invitation.id}`)).status).toBe(204);
  });

  it("refuses bad input with 400, an existing account's e-mail with 409 (audited), and unknown ids with 404", async () => {
    const organization = await createOrganization(db, testOperator, { name: unique("Api") });
    const path = `/api/v1/manage/organizations/${organization.id}/invitations`;
    expect((await call("POST", path, { email: "nope", role: "owner" })).status).toBe(400);
    expect((await call("POST", path, { email: "a@api.test", role: "operator" })).status).toBe(400);
    expect((await call("POST", path, { email: "a@api.test", role: "owner", extra: 1 })).status).toBe(400);
    const email = `${unique("taken")}@api.test`;
    await createAccount(db, testOperator, {
      email,
      password: "quiet-harbour-lantern-41",
      role: "admin",
      organizationId: organization.id,
    });
    const conflict = await call("POST", path, { email, role: "owner" });
    expect(conflict.status).toBe(409);
    const [refusal] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, organization.id), eq(auditEvents.action, "refused")));
    expect(refusal!.after).toMatchObject({ code: "CONFLICT" });

    const unknown = `/api/v1/manage/organizations/${crypto.randomUUID()}/invitations`;
    expect((await call("POST", unknown, { email: "b@api.test", role: "owner" })).status).toBe(404);
    expect((await call("GET", unknown)).status).toBe(404);
    expect((await call("DELETE", `${path}/not-an-id`)).status).toBe(404);
    expect((await call("DELETE", `${path}/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it("is documented with every status it answers", () => {
    const paths = openApiDocument().paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    const base = paths["/api/v1/manage/organizations/{id}/invitations"]!;
    expect(Object.keys(base.post!.responses)).toEqual(expect.arrayContaining(["201", "400", "401", "404", "409"]));
    expect(Object.keys(base.get!.responses)).toEqual(expect.arrayContaining(["200", "401", "404"]));
    const one = paths["/api/v1/manage/organizations/{id}/invitations/{invitationId}"]!;
    expect(Object.keys(one.delete!.responses)).toEqual(expect.arrayContaining(["204", "404", "409"]));
  });
});
