import "server-only";
import { cache } from "react";
import { eq } from "drizzle-orm";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { consoleAccounts } from "@/db/schema";
import type { Actor } from "@/lib/licensing/actor";
import { auth as nextAuth } from "./config";
import { can, type Action, type Target } from "./permissions";

export type AccountActor = Extract<Actor, { type: "account" }>;

/** The session of this request, read once however many components ask. */
export const auth = cache(nextAuth);

/**
 * The signed-in console account as an Actor, or null. The account is read again from the
 * database, so a deleted account or a changed role takes effect on the next request.
 */
export const getActor = cache(async (): Promise<AccountActor | null> => {
  const session = await auth();
  if (!session?.account) return null;
  const [account] = await getDb()
    .select({
      id: consoleAccounts.id,
      email: consoleAccounts.email,
      role: consoleAccounts.role,
      organizationId: consoleAccounts.organizationId,
    })
    .from(consoleAccounts)
    .where(eq(consoleAccounts.id, session.account.id));
  if (!account) return null;
  return {
    type: "account",
    id: account.id,
    label: account.email,
    role: account.role,
    organizationId: account.organizationId,
  };
});

/** The signed-in actor; a visitor who is signed out goes to the sign-in page. */
export async function requireActor(): Promise<AccountActor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
  return actor;
}

/**
 * The signed-in actor, if it may do `action` on `target`. A target in another organization
 * answers not-found rather than forbidden (SPEC §2 rule 14), so its existence is not revealed.
 */
export async function requireCan(action: Action, target: Target = null): Promise<AccountActor> {
  const actor = await requireActor();
  if (!can(actor, action, target)) notFound();
  return actor;
}
