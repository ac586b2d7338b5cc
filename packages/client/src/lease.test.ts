import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "./index";

// Offline lease checks against a real HTTP server playing whoever answers /api/v1/keys on the
// device: it hands out a forger's key, and counts how often it was asked.

type Signer = { jwks: JSONWebKeySet; sign: (claims: Record<string, unknown>, exp?: number) => Promise<string> };

async function signer(kid: string): Promise<Signer> {
  const { publicKey, privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" };
  return {
    jwks: { keys: [jwk] },
    sign: (claims, exp) => {
      const jwt = new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", kid }).setIssuer("seatkeeper").setIssuedAt();
      return (exp === undefined ? jwt : jwt.setExpirationTime(exp)).sign(privateKey);
    },
  };
}

const claims = { contract: "c", module: "cad", entitlements: ["everything"], fingerprint: "fp" };
const in2100 = Math.floor(Date.UTC(2100, 0, 1) / 1000);
let genuine: Signer;
let forger: Signer;
let server: Server;
let baseUrl: string;
let keyRequests = 0;

beforeAll(async () => {
  genuine = await signer("genuine");
  forger = await signer("forged");
  server = createServer((req, res) => {
    if (req.url === "/api/v1/keys") keyRequests += 1;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(forger.jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("offline lease verification in the SDK", () => {
  it("refuses a lease with an unknown key id when keys are pinned, without fetching /api/v1/keys", async () => {
    const client = createClient({ baseUrl, apiKey: "sk_live_x", jwks: genuine.jwks, retry: { retries: 0 } });
    const before = keyRequests;
    await expect(client.verifyLease(await forger.sign(claims, in2100))).rejects.toMatchObject({
      code: "LEASE_INVALID",
    });
    expect(keyRequests).toBe(before);
    // The genuine key's lease is still accepted.
    const valid = await client.verifyLease(await genuine.sign(claims, in2100), { fingerprint: "fp" });
    expect(valid.entitlements).toEqual(["everything"]);
  });

  it("fetches the keys for an unknown key id only when none are pinned", async () => {
    const client = createClient({ baseUrl, apiKey: "sk_live_x", retry: { retries: 0 } });
    const before = keyRequests;
    await client.verifyLease(await forger.sign(claims, in2100));
    expect(keyRequests).toBe(before + 1);
  });

  it("refuses a lease without an expiry, even signed by a pinned key", async () => {
    const client = createClient({ baseUrl, apiKey: "sk_live_x", jwks: genuine.jwks, retry: { retries: 0 } });
    await expect(client.verifyLease(await genuine.sign(claims))).rejects.toMatchObject({ code: "LEASE_INVALID" });
  });
});
