import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { apiRequests } from "@/lib/testing/manage-api";
import { createOperatorToken } from "@/lib/licensing/tokens";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { scimClient } from "@/lib/testing/scim";

// The edges of the SCIM service: tenancy (a token reaches its own organization only), tokens
// through the management API, and bad input answered with SCIM's 400s and their scimType.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

async function organizationWithUserAndGroup(tokenName: string) {
  const f = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 5 }] });
  const scim = await scimClient(db, f.organization.id, tokenName);
  const user = await scim.call("POST", "/Users", { schemas: [USER], userName: `${unique("u")}@example.com` });
  const group = await scim.call("POST", "/Groups", { schemas: [GROUP], displayName: unique("G") });
  return { f, scim, userId: user.body.id!, groupId: group.body.id!, userName: user.body.userName! };
}

describe("tenancy", () => {
  it("never lets organization A's token see or change organization B (404)", async () => {
    const a = await organizationWithUserAndGroup("A's directory");
    const b = await organizationWithUserAndGroup("B's directory");
    for (const [method, path, body] of [
      ["GET", `/Users/${b.userId}`, undefined],
      ["PUT", `/Users/${b.userId}`, { schemas: [USER], userName: "taken@example.com" }],
      [
        "PATCH",
        `/Users/${b.userId}`,
        { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] },
      ],
      ["DELETE", `/Users/${b.userId}`, undefined],
      ["GET", `/Groups/${b.groupId}`, undefined],
      [
        "PATCH",
        `/Groups/${b.groupId}`,
        { schemas: [PATCH], Operations: [{ op: "replace", path: "displayName", value: "x" }] },
      ],
      ["DELETE", `/Groups/${b.groupId}`, undefined],
    ] as const) {
      const answer = await a.scim.call(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body).toMatchObject({ schemas: [ERROR], status: "404" });
    }
    const listed = await a.scim.call("GET", `/Users?filter=${encodeURIComponent(`userName eq "${b.userName}"`)}`);
    expect(listed.body.totalResults).toBe(0);
    const all = await a.scim.call("GET", "/Users");
    expect(all.body.Resources!.map((u) => u.id)).toEqual([a.userId]);
    // B's user can't be made a member of A's group either.
    const member = await a.scim.call("PATCH", `/Groups/${a.groupId}`, {
      schemas: [PATCH],
      Operations: [{ op: "add", path: "members", value: [{ value: b.userId }] }],
    });
    expect(member).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    expect((await b.scim.call("GET", `/Users/${b.userId}`)).body.active).toBe(true);
  });

  it("answers 401 without a SCIM token, to an operator token, and to a revoked one", async () => {
    const a = await organizationWithUserAndGroup("Entra ID");
    const operator = (await createOperatorToken(db, testOperator, unique("ops"))).secret;
    const asOperator = apiRequests(db, operator);
    const manage = (method: string, path: string, body?: unknown) => asOperator(method, `/api/v1/manage${path}`, body);
    const unauthenticated = await a.scim.app.fetch(new Request("http://localhost/scim/v2/Users"));
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toMatchObject({ schemas: [ERROR], status: "401" });
    const withOperator = await a.scim.app.fetch(
      new Request("http://localhost/scim/v2/Users", { headers: { authorization: `Bearer ${operator}` } }),
    );
    expect(withOperator.status).toBe(401);
    // A SCIM token is no management token.
    expect(
      (await apiRequests(db, a.scim.secret)("GET", `/api/v1/manage/organizations/${a.f.organization.id}/scim-tokens`))
        .status,
    ).toBe(401);

    const created = await manage("POST", `/organizations/${a.f.organization.id}/scim-tokens`, { name: "Okta" });
    expect(created.status).toBe(201);
    const { scimToken, secret } = (await created.json()) as { scimToken: { id: string; name: string }; secret: string };
    expect(scimToken.name).toBe("Okta");
    const viaOkta = await a.scim.app.fetch(
      new Request("http://localhost/scim/v2/Users", { headers: { authorization: `Bearer ${secret}` } }),
    );
    expect(viaOkta.status).toBe(200);
    const listed = (await (await manage("GET", `/organizations/${a.f.organization.id}/scim-tokens`)).json()) as {
      scimTokens: { id: string; name: string; lastUsedAt: string | null }[];
    };
    expect(listed.scimTokens.find((t) => t.id === scimToken.id)).toMatchObject({
      name: "Okta",
      lastUsedAt: expect.any(String),
    });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect((await manage("DELETE", `/scim-tokens/${scimToken.id}`)).status).toBe(204);
    expect((await manage("DELETE", `/scim-tokens/${scimToken.id}`)).status).toBe(404);
    const revoked = await a.scim.app.fetch(
      new Request("http://localhost/scim/v2/Users", { headers: { authorization: `Bearer ${secret}` } }),
    );
    expect(revoked.status).toBe(401);
    expect((await manage("POST", `/organizations/${crypto.randomUUID()}/scim-tokens`, { name: "x" })).status).toBe(404);
  });
});

describe("bad input", () => {
  it("answers SCIM 400s with a scimType, never 500, and changes nothing", async () => {
    const { scim, userId, groupId, userName } = await organizationWithUserAndGroup("Entra ID");
    const cases: [string, string, unknown, string][] = [
      ["POST", "/Users", "{ not json", "invalidSyntax"],
      ["POST", "/Users", { schemas: ["urn:example:Unknown"], userName: "x@example.com" }, "invalidValue"],
      ["POST", "/Users", { schemas: [USER, "urn:example:Other"], userName: "x@example.com" }, "invalidValue"],
      ["POST", "/Users", { schemas: [USER] }, "invalidValue"],
      [
        "POST",
        "/Users",
        { schemas: [USER], userName: "no-email", emails: [{ value: "not an address" }] },
        "invalidValue",
      ],
      ["POST", "/Users", { schemas: [USER], userName: "x@example.com", active: "maybe" }, "invalidValue"],
      ["POST", "/Users", { schemas: [USER], userName: "bad\u0000name@example.com" }, "invalidValue"],
      ["POST", "/Users", [], "invalidSyntax"],
      ["GET", `/Users?filter=${encodeURIComponent('userName eq "unterminated')}`, undefined, "invalidFilter"],
      ["GET", `/Users?filter=${encodeURIComponent('userName co "a"')}`, undefined, "invalidFilter"],
      ["GET", `/Users?filter=${encodeURIComponent('title eq "a"')}`, undefined, "invalidFilter"],
      ["GET", `/Users?filter=${encodeURIComponent('userName eq "a" or userName eq "b"')}`, undefined, "invalidFilter"],
      ["GET", "/Users?startIndex=first", undefined, "invalidValue"],
      ["PATCH", `/Users/${userId}`, { schemas: [PATCH], Operations: [{ op: "move", path: "active" }] }, "invalidValue"],
      ["PATCH", `/Users/${userId}`, { schemas: [PATCH], Operations: [] }, "invalidValue"],
      [
        "PATCH",
        `/Users/${userId}`,
        { schemas: [USER], Operations: [{ op: "add", path: "active", value: true }] },
        "invalidValue",
      ],
      [
        "PATCH",
        `/Users/${userId}`,
        { schemas: [PATCH], Operations: [{ op: "replace", path: "emails[[", value: "x" }] },
        "invalidSyntax",
      ],
      [
        "PATCH",
        `/Users/${userId}`,
        { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: "Nope" }] },
        "invalidValue",
      ],
      [
        "PATCH",
        `/Groups/${groupId}`,
        { schemas: [PATCH], Operations: [{ op: "replace", path: "owner", value: "x" }] },
        "invalidPath",
      ],
      [
        "PATCH",
        `/Groups/${groupId}`,
        { schemas: [PATCH], Operations: [{ op: "remove", path: 'members[display eq "x"]' }] },
        "invalidFilter",
      ],
      [
        "PATCH",
        `/Groups/${groupId}`,
        { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: "nobody" }] }] },
        "invalidValue",
      ],
      ["POST", "/Groups", { schemas: [GROUP], displayName: "" }, "invalidValue"],
    ];
    for (const [method, path, body, scimType] of cases) {
      const answer = await scim.call(method, path, body);
      expect(answer.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(answer.body, `${method} ${path} ${JSON.stringify(body)}`).toMatchObject({
        schemas: [ERROR],
        status: "400",
        scimType,
      });
    }
    const duplicate = await scim.call("POST", "/Users", { schemas: [USER], userName: userName.toUpperCase() });
    expect(duplicate).toMatchObject({ status: 409, body: { scimType: "uniqueness" } });
    const stale = await scim.call(
      "PATCH",
      `/Users/${userId}`,
      { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] },
      { "if-match": 'W/"stale"' },
    );
    expect(stale.status).toBe(412);
    const wrongType = await scim.call("POST", "/Users", "userName=x", { "content-type": "text/plain" });
    expect(wrongType.status).toBe(415);
    const after = await scim.call("GET", `/Users/${userId}`);
    expect(after.body).toMatchObject({ userName, active: true });
    expect((await scim.call("GET", "/Users")).body.totalResults).toBe(1);
  });

  it("pages with startIndex and count, and projects attributes", async () => {
    const { scim } = await organizationWithUserAndGroup("Entra ID");
    for (let i = 0; i < 3; i++)
      await scim.call("POST", "/Users", { schemas: [USER], userName: `${unique(`p${i}`)}@example.com` });
    const page = await scim.call("GET", "/Users?startIndex=2&count=2&attributes=userName");
    expect(page.body).toMatchObject({ totalResults: 4, startIndex: 2, itemsPerPage: 2 });
    expect(Object.keys(page.body.Resources![0]!).sort()).toEqual(["id", "meta", "schemas", "userName"]);
    const without = await scim.call("GET", "/Users?excludedAttributes=emails,groups");
    expect(without.body.Resources![0]).not.toHaveProperty("emails");
    expect(without.body.Resources![0]).toHaveProperty("userName");
    const config = await scim.call("GET", "/ServiceProviderConfig");
    expect(config.body).toMatchObject({
      patch: { supported: true },
      etag: { supported: true },
      filter: { supported: true },
    });
    expect((await scim.call("GET", "/ResourceTypes")).body.totalResults).toBe(2);
    expect((await scim.call("GET", "/Schemas")).body.Resources!.map((s) => s.id)).toEqual([
      USER,
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      GROUP,
    ]);
    const [userType] = (await scim.call("GET", "/ResourceTypes")).body.Resources!;
    expect(userType).toMatchObject({
      schemaExtensions: [{ schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", required: false }],
    });
  });
});
