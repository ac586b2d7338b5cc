import { createHmac, randomBytes } from "node:crypto";

// HMAC-SHA256 over `<unix seconds>.<body>` with the endpoint's secret, sent as
// `Seatkeeper-Signature: t=<unix seconds>,v1=<hex>`. The SDK's verifyWebhook checks it.

export const SIGNATURE_HEADER = "Seatkeeper-Signature";

export const newWebhookSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}
