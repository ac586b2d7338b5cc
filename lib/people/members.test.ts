import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, consoleAccounts } from "@/db/schema";
import type { Database } from "@/db/client";
import { createAccount } from "@/lib/auth/accounts";
import { resumeSession, startSession } from "@/lib/auth/console-sessions";
import { createOrganization } from "@/lib/licensing/catalogue";
import { testDb, unique } from "@/lib/testing/db";
import { testOperator } from "@/lib/testing/fixtures";
import { changeMemberRole, listTeamMembers, removeMember } from "./members";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const PASSWORD = "quiet-harbour-lantern-41";

async function organizationWith(...roles: ("owner" | "admin")[]) {
  const organization = await createOrganization(db, testOperator, { name: unique("People") });
  const team = { organizationId: organization.id };
  const accounts = [];
  for (const role of roles) {
    accounts.push(
      await createAccount(db, testOperator, {
        email: `${unique(role)}@people.test`,
        password: PASSWORD,
        role,
        organizationId: organization.id,
      }),
    );
  }
  return { organization, team, accounts };
}

const refusalOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { code?: string }) => e.code ?? String(e),
  );

describe("team members", () => {
  it("lists an organization's owners before its admins, and no one else's people", async () => {
    const { team, accounts } = await organizationWith("admin", "owner");
    const other = await organizationWith("owner");
    const members = await listTeamMembers(db, team);
    expect(members.map((m) => m.id)).toEqual([accounts[1]!.id, accounts[0]!.id]);
    expect(members.map((m) => m.hasMfa)).toEqual([false, false]);
    expect(members.some((m) => m.id === other.accounts[0]!.id)).toBe(false);
  });

  it("changes a role and audits who changed it from what", async () => {
    const { team, organization, accounts } = await organizationWith("owner", "admin");
    const admin = accounts[1]!;
    await changeMemberRole(db, testOperator, team, admin.id, "owner");
    const [row] = await db.select().from(consoleAccounts).where(eq(consoleAccounts.id, admin.id));
    expect(row!.role).toBe("owner");
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, organization.id), eq(auditEvents.action, "account.role_change")));
    expect(event).toMatchObject({ targetId: admin.id, before: { role: "admin" }, after: { role: "owner" } });
  });

  it("refuses to demote or remove the last owner, saying why", async () => {
    const { team, accounts } = await organizationWith("owner", "admin");
    const owner = accounts[0]!;
    expect(await refusalOf(changeMemberRole(db, testOperator, team, owner.id, "admin"))).toBe("LAST_OWNER");
    expect(await refusalOf(removeMember(db, testOperator, team, owner.id))).toBe("LAST_OWNER");
    await removeMember(db, testOperator, team, accounts[1]!.id);
    expect((await listTeamMembers(db, team)).map((m) => m.id)).toEqual([owner.id]);
  });

  it("keeps one owner when the last two owners are removed at once", async () => {
    const { team, accounts } = await organizationWith("owner", "owner");
    const outcomes = await Promise.all(accounts.map((a) => refusalOf(removeMember(db, testOperator, team, a.id))));
    expect(outcomes.sort()).toEqual(["LAST_OWNER", null].sort());
    const left = await listTeamMembers(db, team);
    expect(left.map((m) => m.role)).toEqual(["owner"]);
  });

  it("keeps one owner when the last two owners are demoted at once", async () => {
    const { team, accounts } = await organizationWith("owner", "owner");
    const outcomes = await Promise.all(
      accounts.map((a) => refusalOf(changeMemberRole(db, testOperator, team, a.id, "admin"))),
    );
    expect(outcomes.filter((o) => o === "LAST_OWNER")).toHaveLength(1);
    expect((await listTeamMembers(db, team)).filter((m) => m.role === "owner")).toHaveLength(1);
  });

  it("ends a removed account's console sessions at once", async () => {
    const { team, accounts } = await organizationWith("owner", "admin");
    const sid = await startSession(db, accounts[1]!.id);
    expect(await resumeSession(db, sid, 60)).not.toBeNull();
    await removeMember(db, testOperator, team, accounts[1]!.id);
    expect(await resumeSession(db, sid, 60)).toBeNull();
  });

  it("answers not found for another organization's people and vendor staff, changing nothing", async () => {
    const { team } = await organizationWith("owner");
    const other = await organizationWith("owner", "admin");
    expect(await refusalOf(removeMember(db, testOperator, team, other.accounts[1]!.id))).toBe("NOT_FOUND");
    expect(await refusalOf(changeMemberRole(db, testOperator, team, other.accounts[1]!.id, "owner"))).toBe("NOT_FOUND");
    expect(await refusalOf(removeMember(db, testOperator, "vendor", other.accounts[1]!.id))).toBe("NOT_FOUND");
    expect((await listTeamMembers(db, other.team)).map((m) => m.role)).toEqual(["owner", "admin"]);
  });

  it("refuses a role the team does not have", async () => {
    const { team, accounts } = await organizationWith("owner", "admin");
    expect(await refusalOf(changeMemberRole(db, testOperator, team, accounts[1]!.id, "operator"))).toBe("INVALID");
  });
});
