import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { consoleAccounts } from "@/db/schema";
import type { Database } from "@/db/client";
import { systemActor } from "@/lib/licensing/actor";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { createAccount } from "./accounts";
import { endAllSessions, endSession, resumeSession, startSession } from "./console-sessions";

let db: Database;
const IDLE_MINUTES = 480;

beforeAll(async () => {
  db = await testDb();
});

async function newAccount() {
  const email = `${unique("sess")}@seatkeeper.test`;
  return createAccount(db, systemActor, { email, password: "quiet-harbour-lantern-41", role: "support" });
}
const minutes = (from: Date, m: number) => new Date(from.getTime() + m * 60_000);

describe("console sessions", () => {
  it("resumes a session with its account until it is ended by signing out", async () => {
    const account = await newAccount();
    const sid = await startSession(db, account.id);
    expect(await resumeSession(db, sid, IDLE_MINUTES)).toEqual({
      id: account.id,
      email: account.email,
      role: "support",
      organizationId: null,
    });
    await endSession(db, sid);
    expect(await resumeSession(db, sid, IDLE_MINUTES)).toBeNull();
  });

  it("ends every session of the account when signing out everywhere, and no other account's", async () => {
    const account = await newAccount();
    const other = await newAccount();
    const [first, second, others] = [
      await startSession(db, account.id),
      await startSession(db, account.id),
      await startSession(db, other.id),
    ];
    await endAllSessions(db, account.id);
    expect(await resumeSession(db, first, IDLE_MINUTES)).toBeNull();
    expect(await resumeSession(db, second, IDLE_MINUTES)).toBeNull();
    expect(await resumeSession(db, others, IDLE_MINUTES)).not.toBeNull();
  });

  it("shows a role change on the next request", async () => {
    const account = await newAccount();
    const sid = await startSession(db, account.id);
    const org = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 1 }] });
    await db
      .update(consoleAccounts)
      .set({ role: "admin", organizationId: org.organization.id })
      .where(eq(consoleAccounts.id, account.id));
    expect(await resumeSession(db, sid, IDLE_MINUTES)).toMatchObject({
      role: "admin",
      organizationId: org.organization.id,
    });
  });

  it("ends the sessions of a removed account", async () => {
    const account = await newAccount();
    const sid = await startSession(db, account.id);
    await db.delete(consoleAccounts).where(eq(consoleAccounts.id, account.id));
    expect(await resumeSession(db, sid, IDLE_MINUTES)).toBeNull();
  });

  it("ends a session left idle longer than the idle timeout, and keeps one in use", async () => {
    const account = await newAccount();
    const start = new Date();
    const used = await startSession(db, account.id, start);
    const idle = await startSession(db, account.id, start);
    // Used every few hours, the first stays alive well past the timeout.
    for (const at of [200, 400, 600, 800]) {
      expect(await resumeSession(db, used, IDLE_MINUTES, minutes(start, at))).not.toBeNull();
    }
    expect(await resumeSession(db, idle, IDLE_MINUTES, minutes(start, IDLE_MINUTES - 1))).not.toBeNull();
    expect(await resumeSession(db, idle, IDLE_MINUTES, minutes(start, 2 * IDLE_MINUTES))).toBeNull();
    // Once ended for idleness it stays ended.
    expect(await resumeSession(db, idle, IDLE_MINUTES, minutes(start, 2 * IDLE_MINUTES - 10))).toBeNull();
  });
});
