import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { consoleAccounts } from "@/db/schema";
import type { Database } from "@/db/client";
import { systemActor } from "@/lib/licensing/actor";
import { testDb, unique } from "@/lib/testing/db";
import { createAccount } from "./accounts";
import { checkConsoleSignIn, FAILURE_WINDOW_MS, MAX_FAILED_SIGN_INS } from "./login-throttle";

const password = "correct-horse-1";
let db: Database;

beforeAll(async () => {
  db = await testDb();
});

async function newOperator() {
  const email = `${unique("op")}@seatkeeper.test`;
  await createAccount(db, systemActor, { email, password, role: "operator" });
  return email;
}

describe("console sign-in", () => {
  it("accepts the right password whatever the email's case", async () => {
    const email = await newOperator();
    const result = await checkConsoleSignIn(db, { email: email.toUpperCase(), password });
    expect(result).toMatchObject({ ok: true, account: { email, role: "operator", organizationId: null } });
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const email = await newOperator();
    expect(await checkConsoleSignIn(db, { email, password: "wrong-password" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await checkConsoleSignIn(db, { email: `nobody-${email}`, password })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("slows down an account after five failures within fifteen minutes, even for the right password", async () => {
    const email = await newOperator();
    const start = new Date();
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      const at = new Date(start.getTime() + i * 1000);
      expect(await checkConsoleSignIn(db, { email, password: "wrong-password" }, at)).toMatchObject({
        reason: "invalid",
      });
    }
    const lastFailure = new Date(start.getTime() + (MAX_FAILED_SIGN_INS - 1) * 1000);
    const refused = await checkConsoleSignIn(db, { email, password }, new Date(lastFailure.getTime() + 60_000));
    expect(refused).toEqual({
      ok: false,
      reason: "throttled",
      retryAt: new Date(lastFailure.getTime() + FAILURE_WINDOW_MS),
    });

    const later = new Date(lastFailure.getTime() + FAILURE_WINDOW_MS + 1000);
    expect(await checkConsoleSignIn(db, { email, password }, later)).toMatchObject({ ok: true });
  });

  it("forgets failures older than the window and clears the count on success", async () => {
    const email = await newOperator();
    const start = new Date();
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) {
      await checkConsoleSignIn(db, { email, password: "wrong-password" }, start);
    }
    const afterWindow = new Date(start.getTime() + FAILURE_WINDOW_MS + 1000);
    await checkConsoleSignIn(db, { email, password: "wrong-password" }, afterWindow);
    const [counted] = await db.select().from(consoleAccounts).where(eq(consoleAccounts.email, email));
    expect(counted?.failedLogins).toBe(1);

    expect(await checkConsoleSignIn(db, { email, password }, afterWindow)).toMatchObject({ ok: true });
    const [cleared] = await db.select().from(consoleAccounts).where(eq(consoleAccounts.email, email));
    expect(cleared).toMatchObject({ failedLogins: 0, lastFailedLoginAt: null });
  });
});
