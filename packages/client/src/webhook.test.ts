import { describe, expect, it } from "vitest";
import { signWebhook } from "@/lib/webhooks/signature";
import { verifyWebhook, WebhookSignatureError } from "./webhook";

const secret = "whsec_test-secret-of-this-endpoint";
const body = JSON.stringify({
  id: "e1",
  type: "pool.full",
  occurredAt: "2026-12-02T10:00:00.000Z",
  organizationId: null,
  data: {},
});

describe("verifyWebhook", () => {
  it("accepts the server's signature and returns the event", async () => {
    const header = signWebhook(secret, body, new Date());
    expect(await verifyWebhook(header, body, secret)).toMatchObject({ id: "e1", type: "pool.full" });
    expect(await verifyWebhook(header, new TextEncoder().encode(body), secret)).toMatchObject({ id: "e1" });
  });

  it("refuses another secret, a changed body and a malformed header", async () => {
    const header = signWebhook(secret, body, new Date());
    await expect(verifyWebhook(header, body, "whsec_other")).rejects.toThrow(WebhookSignatureError);
    await expect(verifyWebhook(header, body.replace("pool.full", "pool.over_limit"), secret)).rejects.toThrow(
      /does not match/,
    );
    await expect(verifyWebhook(undefined, body, secret)).rejects.toThrow(/missing or malformed/);
    await expect(verifyWebhook("t=abc,v1=00", body, secret)).rejects.toThrow(/missing or malformed/);
  });

  it("refuses a replay older than five minutes, and takes a narrower window", async () => {
    const signedAt = new Date(Date.now() - 6 * 60_000);
    const header = signWebhook(secret, body, signedAt);
    await expect(verifyWebhook(header, body, secret)).rejects.toThrow(/replay/);
    const fresh = signWebhook(secret, body, new Date(Date.now() - 4 * 60_000));
    expect(await verifyWebhook(fresh, body, secret)).toMatchObject({ id: "e1" });
    await expect(verifyWebhook(fresh, body, secret, { toleranceSeconds: 60 })).rejects.toThrow(/replay/);
  });
});
