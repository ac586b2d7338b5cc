"use server";

import { getDb } from "@/db/client";
import { endAllSessions } from "@/lib/auth/console-sessions";
import { signOut } from "@/lib/auth/config";
import { requireActor } from "@/lib/auth/session";

export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}

/** Ends every session of the signed-in account, on every browser and device, then this one. */
export async function signOutEverywhereAction() {
  const actor = await requireActor();
  await endAllSessions(getDb(), actor.id);
  await signOut({ redirectTo: "/login" });
}
