import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { drizzle } from "drizzle-orm/postgres-js";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import { consoleAccounts, signInThrottles } from "@/db/schema";
import type { Database } from "@/db/client";
import { systemActor } from "@/lib/licensing/actor";
import { onPostgres, testDb, unique } from "@/lib/testing/db";
import { createAccount } from "./accounts";
import { checkConsoleSignIn, FIRST_WAIT_MS, FREE_ATTEMPTS } from "./login-throttle";

const password = "quiet-harbour-lantern-41";
let db: Database;
// On PostgreSQL a second connection pool stands in for a second instance.
let otherInstance: { db: Database; close: () => Promise<void> } | undefined;

beforeAll(async () => {
  db = await testDb();
  if (onPostgres()) {
    const client = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });
    otherInstance = { db: drizzle(client, { schema }) as unknown as Database, close: () => client.end() };
  }
});
afterAll(() => otherInstance?.close());

async function newOperator() {
  const email = `${unique("op")}@seatkeeper.test`;
  await createAccount(db, systemActor, { email, password, role: "operator" });
  return email;
}
const address = () => unique("addr");
const seconds = (from: Date, s: number) => new Date(from.getTime() + s * 1000);

describe("console sign-in", () => {
  it("accepts the right password whatever the email's case", async () => {
    const email = await newOperator();
    const result = await checkConsoleSignIn(db, { email: email.toUpperCase(), password, address: address() });
    expect(result).toMatchObject({ ok: true, account: { email, role: "operator", organizationId: null } });
  });

  it("lets in two sign-ins from one address whose clocks arrive out of order within the free budget", async () => {
    const [first, second] = [await newOperator(), await newOperator()];
    const from = address();
    const now = new Date();
    const later = await checkConsoleSignIn(db, { email: first, password, address: from }, seconds(now, 0.005));
    const earlier = await checkConsoleSignIn(db, { email: second, password, address: from }, now);
    expect([later.ok, earlier.ok]).toEqual([true, true]);
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const email = await newOperator();
    const from = address();
    expect(await checkConsoleSignIn(db, { email, password: "wrong-password", address: from })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await checkConsoleSignIn(db, { email: `nobody-${email}`, password, address: from })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("makes the sixth attempt wait after five failures, then lets the right password in", async () => {
    const email = await newOperator();
    const from = address();
    const start = new Date();
    for (let i = 0; i < FREE_ATTEMPTS.account; i++) {
      const result = await checkConsoleSignIn(
        db,
        { email, password: "wrong-password", address: from },
        seconds(start, i),
      );
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    const lastFailure = seconds(start, FREE_ATTEMPTS.account - 1);
    // Even the right password waits: the answer doesn't tell whether it was right.
    expect(await checkConsoleSignIn(db, { email, password, address: from }, seconds(lastFailure, 5))).toEqual({
      ok: false,
      reason: "throttled",
      retryAfterSeconds: FIRST_WAIT_MS / 1000 - 5,
    });
    const afterWait = seconds(lastFailure, FIRST_WAIT_MS / 1000);
    expect(await checkConsoleSignIn(db, { email, password, address: from }, afterWait)).toMatchObject({ ok: true });
    // A success restores the whole budget.
    expect(
      await checkConsoleSignIn(db, { email, password: "wrong-password", address: from }, seconds(afterWait, 1)),
    ).toEqual({ ok: false, reason: "invalid" });
  });

  it("makes each further attempt wait twice as long as the last, without ever locking the account", async () => {
    const email = await newOperator();
    const from = address();
    let at = new Date();
    for (let i = 0; i < FREE_ATTEMPTS.account; i++) {
      await checkConsoleSignIn(db, { email, password: "wrong-password", address: from }, at);
    }
    for (const wait of [15, 30, 60, 120]) {
      const early = await checkConsoleSignIn(db, { email, password, address: from }, seconds(at, wait - 1));
      expect(early).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 1 });
      at = seconds(at, wait);
      expect(await checkConsoleSignIn(db, { email, password: "wrong-password", address: from }, at)).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    at = seconds(at, 240);
    expect(await checkConsoleSignIn(db, { email, password, address: from }, at)).toMatchObject({ ok: true });
  });

  it("counts and answers an unknown email exactly like a known one", async () => {
    const known = await newOperator();
    const unknown = `nobody-${known}`;
    const start = new Date();
    const answers = async (email: string) => {
      const from = address();
      const results = [];
      for (let i = 0; i <= FREE_ATTEMPTS.account; i++) {
        results.push(
          await checkConsoleSignIn(db, { email, password: "wrong-password", address: from }, seconds(start, i)),
        );
      }
      return results;
    };
    const forKnown = await answers(known);
    expect(forKnown.at(-1)).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 14 });
    expect(await answers(unknown)).toEqual(forKnown);
  });

  it("spends about as long on an unknown email as on a wrong password", async () => {
    const known = await newOperator();
    const time = async (email: string) => {
      const started = performance.now();
      await checkConsoleSignIn(db, { email, password: "wrong-password", address: address() });
      return performance.now() - started;
    };
    await time(known); // warms the dummy hash
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      knownTimes.push(await time(known));
      unknownTimes.push(await time(`nobody-${i}-${known}`));
    }
    const ratio = median(unknownTimes) / median(knownTimes);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it("slows down one client address trying many accounts", async () => {
    const from = address();
    const start = new Date();
    for (let i = 0; i < FREE_ATTEMPTS.address; i++) {
      const result = await checkConsoleSignIn(
        db,
        { email: `${unique("guess")}@seatkeeper.test`, password: "wrong-password", address: from },
        start,
      );
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    const email = await newOperator();
    expect(await checkConsoleSignIn(db, { email, password, address: from }, start)).toEqual({
      ok: false,
      reason: "throttled",
      retryAfterSeconds: FIRST_WAIT_MS / 1000,
    });
    expect(await checkConsoleSignIn(db, { email, password, address: address() }, start)).toMatchObject({ ok: true });
  });

  it("lets no more than five of forty concurrent wrong attempts through, however many instances", async () => {
    const email = await newOperator();
    const instances = [db, otherInstance?.db ?? db];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        checkConsoleSignIn(instances[i % 2]!, { email, password: "wrong-password", address: address() }),
      ),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(FREE_ATTEMPTS.account);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(40 - FREE_ATTEMPTS.account);
    const [row] = await db
      .select()
      .from(signInThrottles)
      .where(eq(signInThrottles.key, `account:${email}`));
    expect(row?.attempts).toBe(FREE_ATTEMPTS.account);
  });

  it("refuses a concurrent burst of right passwords on two instances while the account waits", async () => {
    const email = await newOperator();
    const from = address();
    const start = new Date();
    for (let i = 0; i < FREE_ATTEMPTS.account; i++) {
      await checkConsoleSignIn(db, { email, password: "wrong-password", address: from }, start);
    }
    const instances = [db, otherInstance?.db ?? db];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        checkConsoleSignIn(instances[i % 2]!, { email, password, address: address() }, seconds(start, 1)),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(0);
  });

  it("never keeps the owner out: attacker and owner interleaved, the owner's browser gets in after each wait", async () => {
    const email = await newOperator();
    const home = address();
    // The owner's browser signed in once: it holds a device cookie for the account.
    const ownDevice = randomUUID();
    expect(
      await checkConsoleSignIn(db, { email, password, address: home, trustedDevice: ownDevice }, new Date()),
    ).toMatchObject({ ok: true });
    let at = new Date();
    const attack = () => checkConsoleSignIn(db, { email, password: "wrong-password", address: address() }, at);
    for (let i = 0; i < FREE_ATTEMPTS.account; i++) expect(await attack()).toEqual({ ok: false, reason: "invalid" });
    // Each round the attacker, from a fresh address, guesses the moment its wait ends; the owner
    // signs in at the same moment, and again after a wrong try of its own.
    for (let round = 0; round < 4; round++) {
      const waited = await attack();
      expect(waited).toMatchObject({ ok: false, reason: "throttled" });
      at = seconds(at, (waited as { retryAfterSeconds: number }).retryAfterSeconds);
      expect(await attack()).toEqual({ ok: false, reason: "invalid" });
      expect(
        await checkConsoleSignIn(db, { email, password, address: home, trustedDevice: ownDevice }, at),
      ).toMatchObject({
        ok: true,
      });
      expect(
        await checkConsoleSignIn(db, { email, password: "typo", address: home, trustedDevice: ownDevice }, at),
      ).toEqual({ ok: false, reason: "invalid" });
      expect(
        await checkConsoleSignIn(db, { email, password, address: home, trustedDevice: ownDevice }, at),
      ).toMatchObject({
        ok: true,
      });
    }
    // Without its cookie (a new browser) the owner shares the account's budget and waits like anyone.
    expect(await checkConsoleSignIn(db, { email, password, address: home }, at)).toMatchObject({
      ok: false,
      reason: "throttled",
    });
  });

  it("gives a trusted device a budget of its own: its failures slow it, not the account", async () => {
    const email = await newOperator();
    const device = randomUUID();
    const start = new Date();
    for (let i = 0; i < FREE_ATTEMPTS.device; i++) {
      expect(
        await checkConsoleSignIn(
          db,
          { email, password: "wrong-password", address: address(), trustedDevice: device },
          start,
        ),
      ).toEqual({ ok: false, reason: "invalid" });
    }
    expect(
      await checkConsoleSignIn(db, { email, password, address: address(), trustedDevice: device }, start),
    ).toMatchObject({ ok: false, reason: "throttled" });
    expect(await checkConsoleSignIn(db, { email, password, address: address() }, start)).toMatchObject({ ok: true });
  });

  it("replaces a bcrypt hash with argon2id on the next successful sign-in", async () => {
    const email = await newOperator();
    await db
      .update(consoleAccounts)
      .set({ passwordHash: bcrypt.hashSync(password, 4) })
      .where(eq(consoleAccounts.email, email));
    expect(await checkConsoleSignIn(db, { email, password, address: address() })).toMatchObject({ ok: true });
    const [account] = await db.select().from(consoleAccounts).where(eq(consoleAccounts.email, email));
    expect(account?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await checkConsoleSignIn(db, { email, password, address: address() })).toMatchObject({ ok: true });
  });
});
