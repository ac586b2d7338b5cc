import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { denials, directoryGroups, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { createProfile } from "@/lib/licensing/profiles";
import { foldUsername } from "@/lib/validation/text";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { scimClient, seatsInUse } from "@/lib/testing/scim";
import { directoryShortagesToday, listScimRequests } from "./log";

// Refusing loudly: a directory change that would put a named pool over its limit is refused
// whole, with SCIM's 409, the shortage sentence, a denial row of kind `directory` and a line in the
// provisioning log; racing additions never pass the limit.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** An organization whose named pool holds `capacity`, a linked group, and `count` active users with sign-in. */
async function setup(capacity: number, count: number) {
  const f = await makeOrganization(db, {
    pools: [{ module: "cm", moduleName: "Case Management", model: "named", capacity }],
  });
  const profile = await createProfile(db, testOperator, f.organization.id, { name: "Lawyers", modules: [f.mod("cm")] });
  const scim = await scimClient(db, f.organization.id, "Entra ID");
  const group = await scim.call("POST", "/Groups", { schemas: [GROUP], displayName: "Lawyers" });
  const people = await db
    .insert(users)
    .values(
      Array.from({ length: count }, (_, i) => {
        const username = unique(`p${i}`);
        return {
          organizationId: f.organization.id,
          username,
          usernameKey: foldUsername(username),
          email: `${username}@example.com`,
          credentials: "issued" as const,
        };
      }),
    )
    .returning({ id: users.id });
  const seats = () => seatsInUse(db, f.organization.id, f.pool("cm").id);
  return { f, profile, scim, groupId: group.body.id!, userIds: people.map((p) => p.id), seats };
}

describe("a directory change short of licences", () => {
  it("refuses a five-operation PATCH whole: 409 with the sentence, a directory denial, nothing applied", async () => {
    const { f, scim, groupId, userIds, seats } = await setup(1, 3);
    const refused = await scim.call("PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH],
      Operations: [
        { op: "Replace", path: "displayName", value: "Lawyers renamed" },
        { op: "Add", path: "members", value: [{ value: userIds[0] }] },
        { op: "Add", path: "members", value: [{ value: userIds[1] }] },
        { op: "Add", path: "members", value: [{ value: userIds[2] }] },
        { op: "Replace", path: "externalId", value: "ext-1" },
      ],
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "409",
    });
    expect(refused.body.detail).toContain("Case Management: 3 needed, 1 available");

    expect(await seats()).toBe(0);
    const [group] = await db.select().from(directoryGroups).where(eq(directoryGroups.id, groupId));
    expect(group).toMatchObject({ displayName: "Lawyers", externalId: null });
    expect((await scim.call("GET", `/Groups/${groupId}`)).body.members).toEqual([]);

    const rows = await db
      .select()
      .from(denials)
      .where(and(eq(denials.organizationId, f.organization.id), eq(denials.kind, "directory")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ code: "INSUFFICIENT_LICENSES", actor: "scim:Entra ID", poolId: f.pool("cm").id });
    expect(rows[0]!.message).toContain("Case Management: 3 needed, 1 available");

    const log = await listScimRequests(db, f.organization.id, { outcome: "refused" });
    expect(log.rows[0]).toMatchObject({ method: "PATCH", status: 409, tokenName: "Entra ID" });
    expect(log.rows[0]!.summary).toContain("Case Management: 3 needed, 1 available");
    expect(await directoryShortagesToday(db, f.organization.id)).toEqual([
      { tokenName: "Entra ID", moduleName: "Case Management", wanted: 2 },
    ]);
  });

  it("lets exactly 10 of 50 concurrent group additions through a pool with 10 free seats", async () => {
    const { f, scim, groupId, userIds, seats } = await setup(10, 50);
    // Waiting for the pools' lock past SEATKEEPER_DB_LOCK_TIMEOUT_MS answers 503 with nothing
    // changed, which directories retry; so does this client, as often as it takes.
    const add = async (id: string) => {
      for (;;) {
        const answer = await scim.call("PATCH", `/Groups/${groupId}`, {
          schemas: [PATCH],
          Operations: [{ op: "Add", path: "members", value: [{ value: id }] }],
        });
        if (answer.status !== 503) return answer;
      }
    };
    const answers = await Promise.all(userIds.map(add));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
    const refused = answers.filter((a) => a.status === 409);
    expect(refused).toHaveLength(40);
    for (const r of refused) expect(r.body.detail).toContain("Case Management: 1 needed, 0 available");
    expect(await seats()).toBe(10);
    const rows = await db
      .select({ id: denials.id })
      .from(denials)
      .where(and(eq(denials.organizationId, f.organization.id), eq(denials.kind, "directory")));
    expect(rows).toHaveLength(40);
  });
});
