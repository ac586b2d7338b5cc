import { and, eq } from "drizzle-orm";
import { generate } from "otplib";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { systemActor } from "@/lib/licensing/actor";
import { LicensingError } from "@/lib/licensing/errors";
import { testDb, unique } from "@/lib/testing/db";
import { createOrganization } from "@/lib/licensing/catalogue";
import { testOperator } from "@/lib/testing/fixtures";
import { createAccount } from "../accounts";
import { resumeSession, startSession } from "../console-sessions";
import {
  checkSecondFactor,
  confirmTotpEnrolment,
  markSessionVerified,
  removeTotp,
  resetMfa,
  selfActor,
  STEP_UP_MINUTES,
} from "./factors";
import { relyingPartyOf } from "./passkeys";
import { pendingSignIn, startPendingSignIn, takePendingSignIn } from "./pending";
import { hasSecondFactor, mfaStatusOf, setMfaRequirement } from "./requirement";
import { beginTotpEnrolment } from "./totp";

let db: Database;
const rp = relyingPartyOf("http://localhost:3000");
const IDLE_MINUTES = 480;

beforeAll(async () => {
  process.env.AUTH_SECRET ??= "seatkeeper-test-auth-secret-at-least-32-characters";
  db = await testDb();
});

async function newAccount(organizationId?: string) {
  const account = await createAccount(db, systemActor, {
    email: `${unique("mfa")}@seatkeeper.test`,
    password: "quiet-harbour-lantern-41",
    role: organizationId ? "owner" : "support",
    organizationId,
  });
  return { ...account, actor: selfActor(account) };
}

/** An account with an authenticator app enrolled at `at`; its secret, and the recovery codes. */
async function enrolled(at = new Date(), organizationId?: string) {
  const account = await newAccount(organizationId);
  const { secret } = await beginTotpEnrolment(db, account.id, account.email);
  const code = await generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
  const { recoveryCodes } = await confirmTotpEnrolment(db, account.actor, code, at);
  return { account, secret, recoveryCodes: recoveryCodes! };
}

const codeAt = (secret: string, at: Date) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
const seconds = (from: Date, s: number) => new Date(from.getTime() + s * 1000);

describe("authenticator app codes", () => {
  it("accepts the code of the current 30-second step and of one step either side, not two", async () => {
    const now = new Date(Math.floor(Date.now() / 30_000) * 30_000 + 10_000);
    const { account, secret } = await enrolled(seconds(now, -600));
    for (const [offset, expected] of [
      [-30, true],
      [0, true],
      [30, true],
    ] as const) {
      // A fresh account per step: an accepted step blocks every earlier one (no replays).
      const fresh = await enrolled(seconds(now, -600));
      const check = await checkSecondFactor(
        db,
        fresh.account,
        { method: "totp", code: await codeAt(fresh.secret, seconds(now, offset)) },
        rp,
        now,
      );
      expect(check.ok, `code from ${offset} s`).toBe(expected);
    }
    for (const offset of [-90, 90]) {
      const check = await checkSecondFactor(
        db,
        account,
        { method: "totp", code: await codeAt(secret, seconds(now, offset)) },
        rp,
        now,
      );
      expect(check, `code from ${offset} s`).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("never accepts the same code twice, even from racing requests", async () => {
    const now = new Date();
    const { account, secret } = await enrolled(seconds(now, -120));
    const code = await codeAt(secret, now);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => checkSecondFactor(db, account, { method: "totp", code }, rp, now)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("refuses enrolment with a wrong code, and the account has no factor", async () => {
    const account = await newAccount();
    await beginTotpEnrolment(db, account.id, account.email);
    await expect(confirmTotpEnrolment(db, account.actor, "000000")).rejects.toMatchObject({ code: "INVALID" });
    expect(await hasSecondFactor(db, account.id)).toBe(false);
  });

  it("throttles guesses per account after five wrong codes", async () => {
    const now = new Date();
    const { account } = await enrolled(seconds(now, -120));
    const answers = [];
    for (let i = 0; i < 6; i++)
      answers.push(await checkSecondFactor(db, account, { method: "totp", code: "000000" }, rp, now));
    expect(answers.slice(0, 4).every((a) => !a.ok && a.reason === "invalid")).toBe(true);
    expect(answers.at(-1)).toMatchObject({ ok: false, reason: "throttled" });
  });
});

describe("recovery codes", () => {
  it("gives ten codes at enrolment, each usable once", async () => {
    const { account, recoveryCodes } = await enrolled();
    expect(new Set(recoveryCodes).size).toBe(10);
    const code = recoveryCodes[3]!;
    expect(await checkSecondFactor(db, account, { method: "recovery", code: code.toUpperCase() }, rp)).toEqual({
      ok: true,
    });
    expect(await checkSecondFactor(db, account, { method: "recovery", code }, rp)).toEqual({
      ok: false,
      reason: "invalid",
    });
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, account.id), eq(auditEvents.action, "mfa.recovery_code.use")));
    expect(events.map((e) => e.after)).toEqual([{ recoveryCodesLeft: 9 }]);
  });

  it("lets exactly one of racing requests spend a code", async () => {
    const { account, recoveryCodes } = await enrolled();
    const code = recoveryCodes[0]!;
    const results = await Promise.all(
      Array.from({ length: 4 }, () => checkSecondFactor(db, account, { method: "recovery", code }, rp)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});

describe("pending sign-ins", () => {
  it("turn into a console session once, only before they expire", async () => {
    const now = new Date();
    const account = await newAccount();
    const token = await startPendingSignIn(db, account.id, false, now);
    const pending = await pendingSignIn(db, token, now);
    expect(pending?.account.id).toBe(account.id);
    expect(await pendingSignIn(db, token, seconds(now, 11 * 60))).toBeNull();
    const takes = await Promise.all([takePendingSignIn(db, pending!.id, now), takePendingSignIn(db, pending!.id, now)]);
    expect(takes.filter(Boolean)).toHaveLength(1);
  });

  it("of an account that must enrol can't be taken before enrolment finished", async () => {
    const now = new Date();
    const account = await newAccount();
    const token = await startPendingSignIn(db, account.id, true, now);
    const pending = await pendingSignIn(db, token, now);
    expect(await takePendingSignIn(db, pending!.id, now)).toBe(false);
  });
});

describe("removing a factor", () => {
  it("needs a second factor proven in this session within the last minutes", async () => {
    const now = new Date();
    const { account } = await enrolled(seconds(now, -120));
    const sid = await startSession(db, account.id);
    await expect(removeTotp(db, account.actor, sid, now)).rejects.toMatchObject({
      code: "FORBIDDEN",
      details: { stepUp: true },
    });
    await markSessionVerified(db, sid, account.id, seconds(now, -(STEP_UP_MINUTES * 60 + 1)));
    await expect(removeTotp(db, account.actor, sid, now)).rejects.toBeInstanceOf(LicensingError);
    await markSessionVerified(db, sid, account.id, now);
    await removeTotp(db, account.actor, sid, now);
    expect(await hasSecondFactor(db, account.id)).toBe(false);
  });

  it("is refused for the last factor when the organization requires one", async () => {
    const now = new Date();
    const organization = await createOrganization(db, testOperator, { name: unique("MFA org") });
    const { account } = await enrolled(seconds(now, -120), organization.id);
    await setMfaRequirement(db, account.actor, { kind: "organization", organizationId: organization.id }, true);
    const sid = await startSession(db, account.id);
    await markSessionVerified(db, sid, account.id, now);
    await expect(removeTotp(db, account.actor, sid, now)).rejects.toMatchObject({ code: "INVALID" });
    expect(await hasSecondFactor(db, account.id)).toBe(true);
  });
});

describe("requiring MFA for an organization", () => {
  it("ends the sessions of its people without a factor, and only theirs", async () => {
    const organization = await createOrganization(db, testOperator, { name: unique("MFA org") });
    const { account: withFactor } = await enrolled(new Date(), organization.id);
    const without = await newAccount(organization.id);
    const [kept, ended] = [await startSession(db, withFactor.id), await startSession(db, without.id)];
    await setMfaRequirement(db, testOperator, { kind: "organization", organizationId: organization.id }, true);
    expect(await resumeSession(db, kept, IDLE_MINUTES)).not.toBeNull();
    expect(await resumeSession(db, ended, IDLE_MINUTES)).toBeNull();
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, organization.id), eq(auditEvents.action, "mfa.requirement.change")));
    expect(event).toMatchObject({ before: { mfaRequired: false }, after: { mfaRequired: true } });
  });

  it("is refused to an owner who has no factor yet", async () => {
    const organization = await createOrganization(db, testOperator, { name: unique("MFA org") });
    const owner = await newAccount(organization.id);
    await expect(
      setMfaRequirement(db, owner.actor, { kind: "organization", organizationId: organization.id }, true),
    ).rejects.toMatchObject({ code: "INVALID" });
  });
});

describe("an operator's MFA reset", () => {
  it("removes every factor, ends the sessions and is audited", async () => {
    const { account } = await enrolled();
    const sid = await startSession(db, account.id);
    expect((await mfaStatusOf(db, [account.id])).get(account.id)).toBe(true);
    await resetMfa(db, testOperator, account.id);
    expect((await mfaStatusOf(db, [account.id])).get(account.id)).toBe(false);
    expect(await resumeSession(db, sid, IDLE_MINUTES)).toBeNull();
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, account.id), eq(auditEvents.action, "mfa.reset")));
    expect(events).toHaveLength(1);
  });
});
