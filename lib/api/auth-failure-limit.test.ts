import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { PEER_ADDRESS_HEADER } from "@/lib/http/client-address";
import { MAX_FAILURES } from "@/lib/http/auth-failure-limit";
import { createApiKey, createOperatorToken } from "@/lib/licensing/tokens";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { apiFetch } from "@/lib/testing/manage-api";

// The invalid-credential limit per address slows guessers but never refuses a valid key or token:
// one address can be a NAT or a balancer in front of every customer.

let db: Database;
// Each request names its own credential (a bad one or a good one) and the address it comes from.
let call: ReturnType<typeof apiFetch>;
let apiKey: string;
let operatorToken: string;

beforeAll(async () => {
  db = await testDb();
  call = apiFetch(db, null);
  const org = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 2 }] });
  apiKey = (await createApiKey(db, testOperator, org.contract.id, unique("limit"))).secret;
  operatorToken = (await createOperatorToken(db, testOperator, unique("limit-operator"))).secret;
});

const newAddress = () => `203.0.113.${1 + (randomBytes(1)[0]! % 250)}-${randomBytes(4).toString("hex")}`;
const license = (key: string, from: string) =>
  call("/api/v1/license", { headers: { authorization: `Bearer ${key}`, [PEER_ADDRESS_HEADER]: from } });
const organizations = (token: string, from: string) =>
  call(`/api/v1/manage/organizations/${randomUUID()}/usage`, {
    headers: { authorization: `Bearer ${token}`, [PEER_ADDRESS_HEADER]: from },
  });
const badKey = () => `sk_live_${randomBytes(16).toString("hex")}`;

describe("the invalid-credential limit per address", () => {
  it(`answers ${MAX_FAILURES} bad keys 401, the next 429 with Retry-After, and still serves a good key from that address`, async () => {
    const from = newAddress();
    for (let i = 0; i < MAX_FAILURES; i++) expect((await license(badKey(), from)).status).toBe(401);
    const limited = await license(badKey(), from);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);

    const good = await license(apiKey, from);
    expect(good.status).toBe(200);
    // Bad keys from it keep being told to back off after the good one.
    expect((await license(badKey(), from)).status).toBe(429);
  });

  it("still serves a valid operator token from an address over its budget", async () => {
    const from = newAddress();
    for (let i = 0; i <= MAX_FAILURES; i++) await organizations(`sk_op_${randomBytes(16).toString("hex")}`, from);
    expect((await organizations("sk_op_wrong", from)).status).toBe(429);
    // Authenticated: the unknown organization is what it answers about.
    const served = await organizations(operatorToken, from);
    expect(served.status).toBe(404);
  });
});
