import "server-only";
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";

// Device cookies (OWASP's answer to lockout by others): a browser that signed in to an account
// gets a cookie naming a random device id, signed for that account's email with AUTH_SECRET.
// Attempts that present it are throttled on that device's own budget, so failures sent by anyone
// else, from anywhere, never make the owner's own browser wait.

export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600;

const normalized = (email: string) => email.trim().toLowerCase();

/** One cookie per account a browser signs in to, named by a hash of the email (not the email). */
export const deviceCookieName = (email: string) =>
  `sk_device_${createHash("sha256").update(normalized(email)).digest("hex").slice(0, 16)}`;

const mac = (secret: string, deviceId: string, email: string) =>
  createHmac("sha256", secret)
    .update(`seatkeeper-device:${deviceId}:${normalized(email)}`)
    .digest("base64url");

/** The cookie's value for this device and account. */
export function deviceCookieValue(secret: string, email: string, deviceId: string = randomUUID()) {
  return `${deviceId}.${mac(secret, deviceId, email)}`;
}

/** The device id a cookie names when it was signed for this email, else null. */
export function trustedDevice(secret: string, email: string, value: string | undefined): string | null {
  const [deviceId, signature, ...rest] = (value ?? "").split(".");
  if (!deviceId || !signature || rest.length) return null;
  const expected = Buffer.from(mac(secret, deviceId, email));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? deviceId : null;
}
