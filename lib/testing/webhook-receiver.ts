import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook, type WebhookEvent } from "@/packages/client/src/webhook";

export type Received = { event: WebhookEvent; signatureValid: boolean; status: number };

/**
 * A real HTTP receiver on a free port of 127.0.0.1, as a vendor would write one: it verifies each
 * signature with the SDK and applies each event once by its id (the idempotency key). `mode`
 * says how it answers: "ok" (204), "fail" (500, applies nothing) or "slow" (answers after `delayMs`).
 */
export async function startReceiver(secretOf: () => string, options: { listen?: string } = {}) {
  const state = {
    mode: "ok" as "ok" | "fail" | "slow",
    delayMs: 0,
    requests: [] as Received[],
    /** Events applied, each once, by id. */
    applied: new Map<string, WebhookEvent>(),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let event: WebhookEvent;
      let signatureValid = true;
      try {
        event = await verifyWebhook(req.headers["seatkeeper-signature"] as string, body, secretOf());
      } catch {
        signatureValid = false;
        event = JSON.parse(body) as WebhookEvent;
      }
      const status = !signatureValid ? 400 : state.mode === "fail" ? 500 : 204;
      state.requests.push({ event, signatureValid, status });
      if (state.mode === "slow") await new Promise((r) => setTimeout(r, state.delayMs));
      if (status === 204 && !state.applied.has(event.id)) state.applied.set(event.id, event);
      res.writeHead(status).end();
    });
  });
  // `listen: "::"` takes every address of the machine (0.0.0.0 and :: included), as a service
  // on the vendor's network would.
  await new Promise<void>((resolve) => server.listen(0, options.listen ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
