import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createProfile } from "@/lib/licensing/profiles";
import { openSession } from "@/lib/licensing/sessions/open";
import { createUser, updateUser } from "@/lib/licensing/users";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { auditNames } from "./audit-names";
import { auditPage, parseAuditFilter } from "./audit-queries";
import { VENDOR } from "@/lib/licensing/input";

// SPEC §5 "Audit": people's and integrations' changes apart from licensed applications' traffic
// (two views), with names beside ids.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

describe("the audit log's two views", () => {
  it("keeps changes and client activity apart, and names the ids it shows", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cad", model: "concurrent", capacity: 5 }] });
    const profile = await createProfile(db, testOperator, f.organization.id, {
      name: "Drafters",
      modules: [f.mod("cad")],
    });
    const user = await createUser(db, testOperator, f.organization.id, {
      username: "grace",
      email: "grace@example.com",
      credentials: "issued",
    });
    await updateUser(db, testOperator, user.id, { profileId: profile.id }, VENDOR);
    await openSession(db, f.key, { module: f.mod("cad"), clientType: "desktop", deviceId: "pc-1", username: "grace" });

    const changes = await auditPage(db, f.organization.id, parseAuditFilter({}));
    const activity = await auditPage(db, f.organization.id, parseAuditFilter({ view: "activity" }));
    expect(changes.rows.map((e) => e.action)).not.toContain("session.open");
    expect(changes.rows.map((e) => e.action)).toEqual(expect.arrayContaining(["user.create", "profile.create"]));
    expect(activity.rows.map((e) => e.action)).toEqual(["session.open"]);

    const names = await auditNames(db, changes.rows);
    expect(names[user.id]).toBe("grace");
    expect(names[profile.id]).toBe("Drafters");
    const update = changes.rows.find((e) => e.targetId === user.id && e.action !== "user.create")!;
    expect(JSON.stringify(update.after)).toContain(profile.id);
  });

  it("takes any other view in the URL as the changes", () => {
    expect(parseAuditFilter({ view: "everything" }).view).toBe("changes");
  });
});
