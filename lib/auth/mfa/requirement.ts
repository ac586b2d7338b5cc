import "server-only";
import { and, eq, inArray, isNotNull, notExists, sql } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { consoleAccounts, consoleSessions, organizations, passkeys, totpFactors, vendorSettings } from "@/db/schema";
import type { Actor } from "@/lib/licensing/actor";
import { recordAudit } from "@/lib/licensing/audit";
import { LicensingError } from "@/lib/licensing/errors";
import type { SignedInAccount } from "../login-throttle";

/** Vendor staff (operators and support) or one organization's owners and admins. */
export type MfaScope = { kind: "vendor" } | { kind: "organization"; organizationId: string };

const vendorRoles = ["operator", "support"] as const;

/** Whether the account has a second factor: a confirmed authenticator app or a passkey. */
export async function hasSecondFactor(tx: Executor, accountId: string): Promise<boolean> {
  const [totp] = await tx
    .select({ id: totpFactors.accountId })
    .from(totpFactors)
    .where(and(eq(totpFactors.accountId, accountId), isNotNull(totpFactors.confirmedAt)));
  if (totp) return true;
  const [passkey] = await tx
    .select({ id: passkeys.id })
    .from(passkeys)
    .where(eq(passkeys.accountId, accountId))
    .limit(1);
  return Boolean(passkey);
}

export async function isMfaRequired(tx: Executor, scope: MfaScope): Promise<boolean> {
  if (scope.kind === "vendor") {
    const [row] = await tx.select({ required: vendorSettings.mfaRequired }).from(vendorSettings);
    return row?.required ?? false;
  }
  const [row] = await tx
    .select({ required: organizations.mfaRequired })
    .from(organizations)
    .where(eq(organizations.id, scope.organizationId));
  return row?.required ?? false;
}

export const scopeOf = (account: Pick<SignedInAccount, "role" | "organizationId">): MfaScope =>
  account.organizationId ? { kind: "organization", organizationId: account.organizationId } : { kind: "vendor" };

/** Whether this account must sign in with a second factor (its organization's or the vendor's setting). */
export const isMfaRequiredFor = (tx: Executor, account: Pick<SignedInAccount, "role" | "organizationId">) =>
  isMfaRequired(tx, scopeOf(account));

/**
 * Requires (or stops requiring) a second factor for vendor staff or an organization's people.
 * Turning it on ends the console sessions of everyone in scope without a factor, in the same
 * transaction, so none of them can do anything until they sign in again and enrol. Someone
 * turning it on for their own group must have a factor first, so they aren't locked out by it.
 */
export async function setMfaRequirement(db: Database, actor: Actor, scope: MfaScope, required: boolean) {
  return db.transaction(async (tx) => {
    if (scope.kind === "organization") {
      const [org] = await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.id, scope.organizationId));
      if (!org) throw new LicensingError("NOT_FOUND", "That organization was not found.");
    }
    const before = await isMfaRequired(tx, scope);
    if (before === required) return { required };
    if (required && actor.type === "account" && inScope(actor, scope) && !(await hasSecondFactor(tx, actor.id))) {
      throw new LicensingError(
        "INVALID",
        "Set up an authenticator app or a passkey for your own account first: the requirement applies to you too.",
      );
    }
    if (scope.kind === "vendor") {
      await tx
        .insert(vendorSettings)
        .values({ id: true, mfaRequired: required })
        .onConflictDoUpdate({ target: vendorSettings.id, set: { mfaRequired: required } });
    } else {
      await tx.update(organizations).set({ mfaRequired: required }).where(eq(organizations.id, scope.organizationId));
    }
    if (required) await endSessionsWithoutFactor(tx, scope);
    await recordAudit(tx, actor, {
      organizationId: scope.kind === "organization" ? scope.organizationId : null,
      action: "mfa.requirement.change",
      targetType: scope.kind === "organization" ? "organization" : "vendor",
      targetId: scope.kind === "organization" ? scope.organizationId : null,
      before: { mfaRequired: before },
      after: { mfaRequired: required },
    });
    return { required };
  });
}

function inScope(actor: Extract<Actor, { type: "account" }>, scope: MfaScope) {
  return scope.kind === "vendor" ? actor.organizationId === null : actor.organizationId === scope.organizationId;
}

async function endSessionsWithoutFactor(tx: Executor, scope: MfaScope) {
  const inGroup =
    scope.kind === "vendor"
      ? inArray(consoleAccounts.role, [...vendorRoles])
      : eq(consoleAccounts.organizationId, scope.organizationId);
  const withoutFactor = tx
    .select({ id: consoleAccounts.id })
    .from(consoleAccounts)
    .where(
      and(
        inGroup,
        notExists(
          tx
            .select({ one: sql`1` })
            .from(totpFactors)
            .where(and(eq(totpFactors.accountId, consoleAccounts.id), isNotNull(totpFactors.confirmedAt))),
        ),
        notExists(
          tx
            .select({ one: sql`1` })
            .from(passkeys)
            .where(eq(passkeys.accountId, consoleAccounts.id)),
        ),
      ),
    );
  await tx.delete(consoleSessions).where(inArray(consoleSessions.accountId, withoutFactor));
}

/** Whether each account has MFA on (a confirmed authenticator app or a passkey), for team lists. */
export async function mfaStatusOf(db: Executor, accountIds: string[]): Promise<Map<string, boolean>> {
  const status = new Map(accountIds.map((id) => [id, false]));
  if (accountIds.length === 0) return status;
  const totp = await db
    .select({ id: totpFactors.accountId })
    .from(totpFactors)
    .where(and(inArray(totpFactors.accountId, accountIds), isNotNull(totpFactors.confirmedAt)));
  const keys = await db
    .select({ id: passkeys.accountId })
    .from(passkeys)
    .where(inArray(passkeys.accountId, accountIds));
  for (const row of [...totp, ...keys]) status.set(row.id, true);
  return status;
}
