import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { consoleAccounts, notificationPreferences, type AccountRole } from "@/db/schema";
import { defaultDelivery, kindsFor, type Delivery, type NotificationKind } from "./kinds";

export type PreferenceRow = { kind: NotificationKind; delivery: Delivery; isDefault: boolean };

/** The account's choice for every kind its role can receive (the role's default where none is saved). */
export async function preferencesOf(
  db: Database,
  account: { id: string; role: AccountRole },
): Promise<PreferenceRow[]> {
  const saved = new Map(
    (await db.select().from(notificationPreferences).where(eq(notificationPreferences.accountId, account.id))).map(
      (p) => [p.kind, p.delivery as Delivery],
    ),
  );
  return kindsFor(account.role).map((kind) => {
    const chosen = saved.get(kind);
    return { kind, delivery: chosen ?? defaultDelivery(account.role, kind), isDefault: chosen === undefined };
  });
}

/**
 * Saves one choice. False when the account does not exist (deleted since a message was sent).
 * Mails already waiting keep going out; the choice counts for notices from now on.
 */
export async function setPreference(
  db: Database,
  accountId: string,
  kind: NotificationKind,
  delivery: Delivery,
  now = new Date(),
): Promise<boolean> {
  const [account] = await db
    .select({ id: consoleAccounts.id })
    .from(consoleAccounts)
    .where(eq(consoleAccounts.id, accountId));
  if (!account) return false;
  await db
    .insert(notificationPreferences)
    .values({ accountId, kind, delivery, updatedAt: now })
    .onConflictDoUpdate({
      target: [notificationPreferences.accountId, notificationPreferences.kind],
      set: { delivery, updatedAt: now },
    });
  return true;
}

/** Saves the choices of a whole form, for the kinds the account's role can receive. */
export async function savePreferences(
  db: Database,
  account: { id: string; role: AccountRole },
  choices: Partial<Record<NotificationKind, Delivery>>,
  now = new Date(),
): Promise<void> {
  const rows = kindsFor(account.role)
    .filter((kind) => choices[kind] !== undefined)
    .map((kind) => ({ accountId: account.id, kind, delivery: choices[kind]!, updatedAt: now }));
  if (rows.length === 0) return;
  await db
    .insert(notificationPreferences)
    .values(rows)
    .onConflictDoUpdate({
      target: [notificationPreferences.accountId, notificationPreferences.kind],
      set: { delivery: sql`excluded.delivery`, updatedAt: now },
    });
}
