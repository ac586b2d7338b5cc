import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { startReceiver } from "@/lib/testing/webhook-receiver";
import { addressKind } from "./address";
import { sendDelivery } from "./deliver";
import { createWebhookEndpoint } from "./endpoints";

// Webhooks never reach a private address, whichever way the address is written (SPEC §8): the
// parsed address decides, at registration and again on the addresses the delivery connects to.

const privateForms = [
  "10.0.0.1",
  "0.0.0.0",
  "169.254.169.254",
  "100.64.0.1",
  "::ffff:10.0.0.1",
  "::ffff:169.254.169.254",
  "::ffff:0.0.0.0",
  "::10.0.0.1",
  "64:ff9b::10.0.0.1",
  "64:ff9b:1::1",
  "2002:a00:1::",
  "2001:0:4136:e378:8000:63bf:f5ff:fffe",
  "::",
  "fd00::1",
  "fe80::1",
  "ff02::1",
];

let db: Database;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  db = await testDb();
  receiver = await startReceiver(() => "whsec_test", { listen: "::" });
});
afterAll(() => receiver.close());

describe("private addresses for webhooks", () => {
  it("classifies every IPv6 form by the address it reaches", () => {
    for (const address of privateForms) expect([address, addressKind(address)]).toEqual([address, "private"]);
    for (const address of ["::1", "127.0.0.1", "::ffff:127.0.0.1"])
      expect([address, addressKind(address)]).toEqual([address, "loopback"]);
    for (const address of ["8.8.8.8", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "2606:4700::1111"])
      expect([address, addressKind(address)]).toEqual([address, "public"]);
  });

  it.each(privateForms.filter((a) => a.includes(":")))("refuses https://[%s]/ at registration", async (address) => {
    const e = await refusalOf(
      createWebhookEndpoint(db, testOperator, { url: `https://[${address}]/hooks`, events: ["pool.full"] }),
    );
    expect(e.code).toBe("INVALID");
    expect(e.message).toMatch(/private network address/);
  });

  it("refuses at delivery a private address in IPv6 form, and reaches loopback", async () => {
    const send = (url: string) =>
      sendDelivery(
        {
          id: crypto.randomUUID(),
          attempts: 0,
          createdAt: new Date(),
          leaseUntil: new Date(Date.now() + 60_000),
          endpoint: { id: crypto.randomUUID(), url, secret: "whsec_test" },
          body: JSON.stringify({ id: crypto.randomUUID(), type: "pool.full", occurredAt: new Date(), data: {} }),
          eventId: crypto.randomUUID(),
          eventType: "pool.full",
        },
        { timeoutMs: 5_000 },
      );
    for (const host of ["[::ffff:0.0.0.0]", "[::]", "0.0.0.0", "[::ffff:0:0]"]) {
      const outcome = await send(`http://${host}:${receiver.port}/hooks`);
      expect([host, outcome.ok, outcome.error]).toEqual([host, false, expect.stringMatching(/private address/)]);
    }
    expect(receiver.state.requests).toHaveLength(0);
    // This machine by its loopback name is what local receivers and tests use.
    expect((await send(`http://[::ffff:127.0.0.1]:${receiver.port}/hooks`)).statusCode).toBe(204);
    expect(receiver.state.requests).toHaveLength(1);
  });
});
