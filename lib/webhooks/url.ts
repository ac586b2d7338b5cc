import { isIP } from "node:net";

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

export function isLoopbackHost(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1" || /^::ffff:127\./.test(host);
  return false;
}

/** Private, link-local, carrier-grade NAT, unspecified and unique-local addresses (not loopback). */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a, b] = address.split(".").map(Number) as [number, number];
    return (
      a === 10 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (isIP(address) === 6) {
    const v = address.toLowerCase();
    const mapped = v.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
    if (mapped) return isPrivateAddress(mapped[1]!);
    return v === "::" || /^f[cd]/.test(v) || /^fe[89ab]/.test(v);
  }
  return false;
}
