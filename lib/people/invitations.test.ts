import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, consoleAccounts, invitations } from "@/db/schema";
import type { Database } from "@/db/client";
import { createAccount } from "@/lib/auth/accounts";
import { checkConsoleSignIn } from "@/lib/auth/login-throttle";
import { createOrganization } from "@/lib/licensing/catalogue";
import { testDb, unique } from "@/lib/testing/db";
import { testOperator } from "@/lib/testing/fixtures";
import { linkIn, startMailServer, type MailServer } from "@/lib/testing/mail-server";
import { useMailServer } from "@/lib/testing/mail-settings";
import { hashLinkToken } from "./link-tokens";
import {
  acceptInvitation,
  createInvitation,
  invitationLink,
  inviteByMail,
  listInvitations,
  revokeInvitation,
} from "./invitations";

let db: Database;
let mail: MailServer;
const ORIGIN = "http://console.test";
const PASSWORD = "quiet-harbour-lantern-41";

beforeAll(async () => {
  db = await testDb();
  mail = await startMailServer();
  useMailServer(mail.url, "Seatkeeper <seatkeeper@vendor.test>");
});
afterAll(async () => {
  useMailServer(null);
  await mail.close();
});

async function newTeam() {
  const organization = await createOrganization(db, testOperator, { name: unique("Invite") });
  return { organization, team: { organizationId: organization.id } };
}
const tokenOf = (url: string) => url.split("/invite/")[1]!;
const refusalOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { code?: string; details?: { state?: string } }) => e.details?.state ?? e.code ?? String(e),
  );
const address = () => `${unique("invitee")}@people.test`;

describe("invitations", () => {
  it("e-mails the link (text and HTML, naming who invited) and stores only its hash", async () => {
    const { organization, team } = await newTeam();
    const email = address();
    const {
      invitation,
      url,
      mail: outcome,
    } = await inviteByMail(db, testOperator, team, { email, role: "owner" }, ORIGIN);
    expect(outcome).toEqual({ sent: true });
    expect(invitation).toMatchObject({ email, role: "owner", state: "pending", organizationId: organization.id });
    expect(invitation.expiresAt.getTime() - invitation.createdAt.getTime()).toBe(72 * 3_600_000);
    const [message] = mail.to(email);
    expect(message!.subject).toContain(organization.name);
    expect(message!.text).toContain(testOperator.label);
    expect(message!.html).toContain(url);
    expect(linkIn(message!, "/invite/")).toBe(url);
    const [row] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(row!.tokenHash).toBe(hashLinkToken(tokenOf(url)));
    expect(JSON.stringify(row)).not.toContain(tokenOf(url));
  });

  it("keeps the invitation when the mail server refuses the message, and says it was not sent", async () => {
    const { team } = await newTeam();
    mail.state.refuse = true;
    try {
      const { invitation, mail: outcome } = await inviteByMail(
        db,
        testOperator,
        team,
        { email: address(), role: "admin" },
        ORIGIN,
      );
      expect(outcome).toEqual({ sent: false, reason: "failed" });
      expect((await listInvitations(db, team)).map((i) => i.id)).toEqual([invitation.id]);
    } finally {
      mail.state.refuse = false;
    }
  });

  it("accepting creates the account with the invited role, which signs in, and the link works once", async () => {
    const { organization, team } = await newTeam();
    const email = address();
    const { url } = await createInvitation(db, testOperator, team, { email, role: "admin" }, ORIGIN);
    expect(await invitationLink(db, tokenOf(url))).toMatchObject({ state: "open", email, role: "admin" });
    const account = await acceptInvitation(db, tokenOf(url), { password: PASSWORD });
    expect(account).toMatchObject({ email, role: "admin", organizationId: organization.id });
    const signIn = await checkConsoleSignIn(db, { email, password: PASSWORD, address: unique("addr") });
    expect(signIn.ok).toBe(true);
    expect(await invitationLink(db, tokenOf(url))).toEqual({ state: "accepted" });
    expect(await refusalOf(acceptInvitation(db, tokenOf(url), { password: PASSWORD }))).toBe("accepted");
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.targetId, account.id));
    expect(event).toMatchObject({ action: "invitation.accept", actorId: account.id });
  });

  it("refuses a password the policy refuses, leaving the link usable", async () => {
    const { team } = await newTeam();
    const { url } = await createInvitation(db, testOperator, team, { email: address(), role: "owner" }, ORIGIN);
    expect(await refusalOf(acceptInvitation(db, tokenOf(url), { password: "short" }))).toBe("INVALID");
    expect((await invitationLink(db, tokenOf(url))).state).toBe("open");
  });

  it("makes one account when two tabs accept the same invitation at once", async () => {
    const { team } = await newTeam();
    const email = address();
    const { url } = await createInvitation(db, testOperator, team, { email, role: "owner" }, ORIGIN);
    const outcomes = await Promise.all(
      [PASSWORD, `${PASSWORD}-other`].map((password) => refusalOf(acceptInvitation(db, tokenOf(url), { password }))),
    );
    expect(outcomes.filter((o) => o === null)).toHaveLength(1);
    expect(outcomes.filter((o) => o !== null)).toHaveLength(1);
    const accounts = await db
      .select()
      .from(consoleAccounts)
      .where(sql`lower(${consoleAccounts.email}) = ${email}`);
    expect(accounts).toHaveLength(1);
  });

  it("says so for a revoked link, an expired link and an unknown one", async () => {
    const { team } = await newTeam();
    const revoked = await createInvitation(db, testOperator, team, { email: address(), role: "admin" }, ORIGIN);
    await revokeInvitation(db, testOperator, team, revoked.invitation.id);
    expect(await invitationLink(db, tokenOf(revoked.url))).toEqual({ state: "revoked" });
    expect(await refusalOf(acceptInvitation(db, tokenOf(revoked.url), { password: PASSWORD }))).toBe("revoked");

    const past = new Date(Date.now() - 73 * 3_600_000);
    const expired = await createInvitation(db, testOperator, team, { email: address(), role: "admin" }, ORIGIN, past);
    expect(await invitationLink(db, tokenOf(expired.url))).toEqual({ state: "expired" });
    expect(await refusalOf(acceptInvitation(db, tokenOf(expired.url), { password: PASSWORD }))).toBe("expired");
    expect((await listInvitations(db, team)).map((i) => i.state).sort()).toEqual(["expired", "revoked"]);

    expect(await invitationLink(db, "not-a-token")).toEqual({ state: "unknown" });
    expect(await invitationLink(db, "A".repeat(43))).toEqual({ state: "unknown" });
  });

  it("refuses to invite an e-mail that has an account, and says so on a link made before it had one", async () => {
    const { team, organization } = await newTeam();
    const email = address();
    const { url } = await createInvitation(db, testOperator, team, { email, role: "admin" }, ORIGIN);
    await createAccount(db, testOperator, {
      email,
      password: PASSWORD,
      role: "admin",
      organizationId: organization.id,
    });
    expect(await refusalOf(createInvitation(db, testOperator, team, { email, role: "owner" }, ORIGIN))).toBe(
      "CONFLICT",
    );
    expect(await invitationLink(db, tokenOf(url))).toEqual({ state: "account_exists" });
  });

  it("invites vendor staff only as operators or support, and another team's invitation is not found", async () => {
    const { team } = await newTeam();
    expect(
      await refusalOf(createInvitation(db, testOperator, "vendor", { email: address(), role: "owner" }, ORIGIN)),
    ).toBe("INVALID");
    const { invitation } = await createInvitation(db, testOperator, team, { email: address(), role: "admin" }, ORIGIN);
    const other = await newTeam();
    expect(await refusalOf(revokeInvitation(db, testOperator, other.team, invitation.id))).toBe("NOT_FOUND");
    expect(await refusalOf(revokeInvitation(db, testOperator, "vendor", invitation.id))).toBe("NOT_FOUND");
  });
});
