// Verifies a Seatkeeper webhook (Node 20+, browsers and edge runtimes: WebCrypto only). The server signs
// `<unix seconds>.<raw body>` with HMAC-SHA256 under the endpoint's secret and sends
// `Seatkeeper-Signature: t=<unix seconds>,v1=<hex>`.

export type WebhookEvent = {
  /** The idempotency key: the same event is always sent with the same id. */
  id: string;
  type: string;
  occurredAt: string;
  organizationId: string | null;
  data: Record<string, unknown>;
};

export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookSignatureError";
  }
}

export type VerifyOptions = {
  /** Oldest signature accepted, in seconds (replays older than this are refused). Default 300. */
  toleranceSeconds?: number;
  /** The current time, for tests. */
  now?: Date;
};

const encoder = new TextEncoder();

/**
 * Checks the signature header against the raw body (exactly the bytes received, before any
 * JSON parsing) and the endpoint's secret; refuses a signature older than five minutes. Returns
 * the event, or throws WebhookSignatureError. Apply each event once by its `id`.
 */
export async function verifyWebhook(
  signatureHeader: string | null | undefined,
  body: string | Uint8Array,
  secret: string,
  options: VerifyOptions = {},
): Promise<WebhookEvent> {
  const parts = new Map(
    (signatureHeader ?? "").split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = parts.get("t");
  const v1 = parts.get("v1");
  if (!t || !/^\d+$/.test(t) || !v1 || !/^[0-9a-f]{64}$/i.test(v1))
    throw new WebhookSignatureError("The Seatkeeper-Signature header is missing or malformed.");
  const ageSeconds = Math.abs((options.now ?? new Date()).getTime() / 1000 - Number(t));
  if (ageSeconds > (options.toleranceSeconds ?? 300))
    throw new WebhookSignatureError("The signature is too old (or from the future): refused as a possible replay.");
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "verify",
  ]);
  const signature = new Uint8Array(v1.match(/../g)!.map((h) => parseInt(h, 16)));
  // subtle.verify compares in constant time.
  if (!(await crypto.subtle.verify("HMAC", key, signature, encoder.encode(`${t}.${text}`))))
    throw new WebhookSignatureError("The signature does not match this body and secret.");
  return JSON.parse(text) as WebhookEvent;
}
