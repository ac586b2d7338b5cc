import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Database } from "@/db/client";
import { authSecret } from "@/lib/runtime/secrets";
import { isNotificationKind, type NotificationKind } from "./kinds";
import { setPreference } from "./preferences";

// One-click unsubscribe (RFC 8058): each message's List-Unsubscribe names a URL holding a token
// signed with the server's secret, naming the account and the kind. A POST to it turns that kind
// off for that account, without signing in; a token cannot be forged for another account.

const sign = (payload: string) =>
  createHmac("sha256", authSecret()).update(`unsubscribe:${payload}`).digest("base64url");

export function unsubscribeToken(accountId: string, kind: NotificationKind): string {
  const payload = Buffer.from(`${accountId}:${kind}`).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The account and kind a token names, or null when it is not one this server signed. */
export function readUnsubscribeToken(token: string): { accountId: string; kind: NotificationKind } | null {
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const [accountId, kind] = Buffer.from(payload, "base64url").toString("utf8").split(":");
  if (!accountId || !kind || !isNotificationKind(kind)) return null;
  return { accountId, kind };
}

/** Applies a token: its kind is off for its account from now on. False when the token is not valid. */
export async function unsubscribe(db: Database, token: string, now = new Date()): Promise<false | NotificationKind> {
  const named = readUnsubscribeToken(token);
  if (!named) return false;
  const applied = await setPreference(db, named.accountId, named.kind, "off", now);
  return applied ? named.kind : false;
}
