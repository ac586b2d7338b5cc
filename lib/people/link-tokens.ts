import "server-only";
import { createHash, randomBytes } from "node:crypto";

/**
 * The secret of an invitation or reset link: 256 random bits in the URL, only its SHA-256 in the
 * database (a stolen table opens nothing). A fast hash is enough for a random secret this long.
 */
export function newLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashLinkToken(token) };
}

export function hashLinkToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether a path segment can be a token at all (43 base64url characters), before any lookup. */
export const isLinkToken = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);

export const INVITATION_HOURS = 72;
export const RESET_MINUTES = 60;
