import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordResets } from "@/db/schema";
import type { Database } from "@/db/client";
import { createAccount } from "@/lib/auth/accounts";
import { checkConsoleSignIn } from "@/lib/auth/login-throttle";
import { resumeSession, startSession } from "@/lib/auth/console-sessions";
import { createOrganization } from "@/lib/licensing/catalogue";
import { testDb, unique } from "@/lib/testing/db";
import { testOperator } from "@/lib/testing/fixtures";
import { linkIn, startMailServer, type MailServer } from "@/lib/testing/mail-server";
import { useMailServer } from "@/lib/testing/mail-settings";
import { changeOwnPassword, issueResetLink, requestPasswordReset, resetLink, resetPassword } from "./password-resets";

let db: Database;
let mail: MailServer;
const ORIGIN = "http://console.test";
const PASSWORD = "quiet-harbour-lantern-41";
const NEW_PASSWORD = "amber-canyon-whistle-73";

beforeAll(async () => {
  db = await testDb();
  mail = await startMailServer();
  useMailServer(mail.url);
});
afterAll(async () => {
  useMailServer(null);
  await mail.close();
});

async function newOwner() {
  const organization = await createOrganization(db, testOperator, { name: unique("Reset") });
  const account = await createAccount(db, testOperator, {
    email: `${unique("owner")}@people.test`,
    password: PASSWORD,
    role: "owner",
    organizationId: organization.id,
  });
  return { organization, team: { organizationId: organization.id }, account };
}
const tokenOf = (url: string) => url.split("/reset/")[1]!;
const refusalOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { code?: string; details?: { state?: string } }) => e.details?.state ?? e.code ?? String(e),
  );
const signsIn = async (email: string, password: string) =>
  (await checkConsoleSignIn(db, { email, password, address: unique("addr") })).ok;

describe("password resets", () => {
  it("e-mails a one-hour link that sets a new password once and ends every console session", async () => {
    const { account } = await newOwner();
    const sid = await startSession(db, account.id);
    const request = await requestPasswordReset(
      db,
      { email: account.email.toUpperCase(), address: unique("ip") },
      ORIGIN,
    );
    expect(request.throttledSeconds).toBeNull();
    expect(await request.delivery).toEqual({ sent: true });
    const [message] = mail.to(account.email);
    expect(message!.from).toContain("seatkeeper@vendor.test");
    expect(message!.html).toContain("/reset/");
    const url = linkIn(message!, "/reset/")!;
    const [row] = await db.select().from(passwordResets).where(eq(passwordResets.accountId, account.id));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(3_600_000);

    await resetPassword(db, tokenOf(url), NEW_PASSWORD);
    expect(await resumeSession(db, sid, 60)).toBeNull();
    expect(await signsIn(account.email, NEW_PASSWORD)).toBe(true);
    expect(await signsIn(account.email, PASSWORD)).toBe(false);
    expect(await resetLink(db, tokenOf(url))).toEqual({ state: "used" });
    expect(await refusalOf(resetPassword(db, tokenOf(url), `${NEW_PASSWORD}-again`))).toBe("used");
  });

  it("answers an unknown e-mail the same way and sends nothing", async () => {
    const email = `${unique("nobody")}@people.test`;
    const request = await requestPasswordReset(db, { email, address: unique("ip") }, ORIGIN);
    expect(request.throttledSeconds).toBeNull();
    await request.delivery;
    expect(mail.to(email)).toEqual([]);
  });

  it("throttles requests for one e-mail like sign-ins", async () => {
    const email = `${unique("flood")}@people.test`;
    const outcomes = [];
    for (let i = 0; i < 6; i++) {
      outcomes.push((await requestPasswordReset(db, { email, address: unique("ip") }, ORIGIN)).throttledSeconds);
    }
    expect(outcomes.slice(0, 4).every((o) => o === null)).toBe(true);
    expect(outcomes.at(-1)).toBeGreaterThan(0);
  });

  it("says so for an expired link, and a racing second use is refused", async () => {
    const { team, account } = await newOwner();
    const past = new Date(Date.now() - 61 * 60_000);
    const expired = await issueResetLink(db, testOperator, team, account.id, ORIGIN, past);
    expect(await resetLink(db, tokenOf(expired.url))).toEqual({ state: "expired" });
    expect(await refusalOf(resetPassword(db, tokenOf(expired.url), NEW_PASSWORD))).toBe("expired");

    const fresh = await issueResetLink(db, testOperator, team, account.id, ORIGIN);
    const outcomes = await Promise.all(
      [NEW_PASSWORD, `${NEW_PASSWORD}-b`].map((p) => refusalOf(resetPassword(db, tokenOf(fresh.url), p))),
    );
    expect(outcomes.filter((o) => o === null)).toHaveLength(1);
  });

  it("issues a link only for the team's own accounts", async () => {
    const { account } = await newOwner();
    const other = await newOwner();
    expect(await refusalOf(issueResetLink(db, testOperator, other.team, account.id, ORIGIN))).toBe("NOT_FOUND");
  });

  it("changes your own password with the current one, ending your other sessions", async () => {
    const { account } = await newOwner();
    const actor = {
      type: "account",
      id: account.id,
      label: account.email,
      role: "owner",
      organizationId: account.organizationId,
    } as const;
    const [here, elsewhere] = [await startSession(db, account.id), await startSession(db, account.id)];
    expect(
      await refusalOf(
        changeOwnPassword(db, actor, { currentPassword: "wrong-password-1", newPassword: NEW_PASSWORD }, here),
      ),
    ).toBe("INVALID");
    await changeOwnPassword(db, actor, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, here);
    expect(await resumeSession(db, here, 60)).not.toBeNull();
    expect(await resumeSession(db, elsewhere, 60)).toBeNull();
    expect(await signsIn(account.email, NEW_PASSWORD)).toBe(true);
  });
});
