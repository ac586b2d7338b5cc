import { isIP } from "node:net";
import { addressKind } from "./address";

// What a webhook URL may be (SPEC §1): https, or http to this machine (loopback) for tests and
// local receivers; never credentials in the URL; never a private or link-local address unless
// the operator allows it (SEATKEEPER_WEBHOOK_ALLOW_PRIVATE), so the server can't be turned
// against the vendor's own network. The same address check runs again at delivery, on every
// address the host name resolves to.

export type UrlVerdict = { ok: true; url: URL } | { ok: false; message: string };

export function checkWebhookUrl(raw: string, allowPrivate: boolean): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return {
      ok: false,
      message: "The webhook URL is not a URL; write it in full, such as https://crm.example.com/hooks.",
    };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return { ok: false, message: `Webhook URLs must start with https:// (this one uses ${url.protocol}).` };
  if (url.username || url.password)
    return {
      ok: false,
      message: "Webhook URLs must not carry a user name or password; receivers check the signature instead.",
    };
  const host = hostOf(url);
  const loopback = isLoopbackHost(host);
  if (url.protocol === "http:" && !loopback)
    return { ok: false, message: "Webhook URLs must use https:// (plain http:// is only for 127.0.0.1 or localhost)." };
  if (!loopback && !allowPrivate && isIP(host) && isPrivateAddress(host))
    return {
      ok: false,
      message: `Webhook URLs must not point at a private network address (${host}); set SEATKEEPER_WEBHOOK_ALLOW_PRIVATE=true to allow it.`,
    };
  if (url.hash) return { ok: false, message: "Webhook URLs must not have a #fragment." };
  return { ok: true, url };
}

/** The host without IPv6 brackets. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();

/** localhost, a name under .localhost (RFC 6761), or a loopback address in any of its forms. */
export function isLoopbackHost(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  return isIP(host) !== 0 && addressKind(host) === "loopback";
}

/** An address no webhook may reach unless SEATKEEPER_WEBHOOK_ALLOW_PRIVATE allows it. */
export const isPrivateAddress = (address: string) => addressKind(address) === "private";
