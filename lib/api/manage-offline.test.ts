import { createOfflineActivationRequest, verifyLicenseFile } from "@seatkeeper/client";
import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { and, count, eq, isNull } from "drizzle-orm";
import { deviceActivations, licensePools } from "@/db/schema";
import { testDb, unique } from "@/lib/testing/db";
import { createOperatorToken } from "@/lib/licensing/tokens";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { apiFetch, apiRequests } from "@/lib/testing/manage-api";

// Offline activation through the management API, against the route table's application on the
// test database: the race of SPEC rule 10 and the licence file checked by jose directly.

let db: Database;
let request: ReturnType<typeof apiRequests>;
let anonymous: ReturnType<typeof apiFetch>;
beforeAll(async () => {
  db = await testDb();
  request = apiRequests(db, (await createOperatorToken(db, testOperator, unique("offline"))).secret);
  anonymous = apiFetch(db, null);
});

const post = (path: string, body: unknown) => request("POST", path, body);

describe("POST /api/v1/manage/contracts/{id}/offline-activations", () => {
  it("gives exactly 10 licence files to 100 distinct devices racing for a limit of 10", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "plc", model: "concurrent", capacity: 10, activationsPerLicense: 1 }],
    });
    const requests = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        createOfflineActivationRequest({ module: f.mod("plc"), fingerprint: `plc-${i}`, platform: "server" }),
      ),
    );
    const answers = await Promise.all(
      requests.map(({ request }) => post(`/api/v1/manage/contracts/${f.contract.id}/offline-activations`, { request })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(90);
    const refused = (await answers.find((a) => a.status === 409)!.json()) as { error: { code: string } };
    expect(refused.error.code).toBe("DEVICE_LIMIT_REACHED");
    // The pool's counter says what its live rows say.
    const [pool] = await db
      .select()
      .from(licensePools)
      .where(eq(licensePools.id, f.pool("plc").id));
    const [live] = await db
      .select({ n: count() })
      .from(deviceActivations)
      .where(and(eq(deviceActivations.poolId, f.pool("plc").id), isNull(deviceActivations.endedAt)));
    expect([pool!.activationsHeld, live!.n]).toEqual([10, 10]);
  });

  it("answers a licence file that jose verifies on its own, bound to the device key's thumbprint; 200 for the same request", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "ship", model: "concurrent", capacity: 1, activationsPerLicense: 1, leaseDays: 14 }],
    });
    const { request, deviceKey } = await createOfflineActivationRequest({
      module: f.mod("ship"),
      fingerprint: "bridge",
      platform: "desktop",
    });
    const path = `/api/v1/manage/contracts/${f.contract.id}/offline-activations`;
    const created = await post(path, { request });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { activation: { id: string; renewBy: string }; licenseFile: string };
    const keys = await (await anonymous("/api/v1/keys")).json();
    const { payload, protectedHeader } = await jwtVerify(body.licenseFile, createLocalJWKSet(keys), {
      issuer: "seatkeeper",
    });
    expect(protectedHeader).toMatchObject({ alg: "EdDSA", typ: "seatkeeper-license+jwt" });
    expect(payload).toMatchObject({
      module: f.mod("ship"),
      fingerprint: "bridge",
      activation: body.activation.id,
      cnf: { jkt: await calculateJwkThumbprint(deviceKey.publicJwk) },
      renewBy: Math.floor(Date.parse(body.activation.renewBy) / 1000),
    });
    await verifyLicenseFile(body.licenseFile, { fingerprint: "bridge", deviceKey, jwks: keys });

    const again = await post(path, { request });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { activation: { id: string } }).activation.id).toBe(body.activation.id);
  });

  it("refuses a malformed request with 400 and a sentence, and an unknown contract with 404", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "m", model: "concurrent", capacity: 1 }] });
    const bad = await post(`/api/v1/manage/contracts/${f.contract.id}/offline-activations`, { request: "nonsense" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        code: "OFFLINE_FILE_INVALID",
        message: "This is not an activation request: the text is damaged or incomplete.",
      },
    });
    const unknown = await post(`/api/v1/manage/contracts/${crypto.randomUUID()}/offline-activations`, {
      request: "nonsense",
    });
    expect(unknown.status).toBe(404);
  });
});
