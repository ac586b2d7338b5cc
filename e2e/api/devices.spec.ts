import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { licensePool, ok, provision, refused, type ActivationView, type Caller, test } from "./support";

// Client API: device activations and signed offline leases (rules 10, 11), over real HTTP.

type Activated = { activation: ActivationView };
const activate = (
  client: Caller,
  body: {
    module: string;
    fingerprint: string;
    platform: "mobile" | "desktop" | "server";
    username?: string;
    name?: string;
  },
) => client.post("/api/v1/activations", body);

test.describe("client API: device activations", () => {
  test("activate (201), same fingerprint (200, same activation), limit, refresh, release", async ({ request }) => {
    const t = await provision(request, {
      archive: { model: "concurrent", capacity: 2, activationsPerLicense: 1, leaseDays: 5 },
    });
    const first = await ok<Activated>(
      activate(t.client, {
        module: t.modules.archive,
        fingerprint: "phone-A",
        platform: "mobile",
        name: "Ada's phone",
      }),
      201,
    );
    expect(first.activation).toMatchObject({ fingerprint: "phone-A", platform: "mobile" });
    const leaseMs = new Date(first.activation.leaseExpiresAt).getTime() - Date.now();
    expect(leaseMs).toBeGreaterThan(4.9 * 86_400_000);
    expect(leaseMs).toBeLessThanOrEqual(5 * 86_400_000);

    const again = await ok<Activated>(
      activate(t.client, { module: t.modules.archive, fingerprint: "phone-A", platform: "mobile" }),
      200,
    );
    expect(again.activation.id).toBe(first.activation.id);
    expect((await licensePool(t, t.modules.archive)).activations).toEqual({ limit: 2, inUse: 1 });

    await ok(activate(t.client, { module: t.modules.archive, fingerprint: "phone-B", platform: "mobile" }), 201);
    const full = await refused(
      activate(t.client, { module: t.modules.archive, fingerprint: "phone-C", platform: "mobile" }),
      409,
      "DEVICE_LIMIT_REACHED",
    );
    expect(full).toMatchObject({ limit: 2, inUse: 2 });

    const refreshed = await ok<Activated>(t.client.post(`/api/v1/activations/${first.activation.id}/refresh`));
    expect(refreshed.activation.id).toBe(first.activation.id);
    expect(new Date(refreshed.activation.leaseExpiresAt).getTime()).toBeGreaterThan(
      new Date(first.activation.leaseExpiresAt).getTime(),
    );

    expect((await t.client.delete(`/api/v1/activations/${first.activation.id}`)).status()).toBe(204);
    await refused(t.client.post(`/api/v1/activations/${first.activation.id}/refresh`), 404, "ACTIVATION_NOT_FOUND");
    expect((await licensePool(t, t.modules.archive)).activations).toEqual({ limit: 2, inUse: 1 });
    await ok(activate(t.client, { module: t.modules.archive, fingerprint: "phone-C", platform: "mobile" }), 201);
  });

  test("re-activating returns a fresh lease; refreshing on a suspended contract is 403 CONTRACT_INACTIVE", async ({
    request,
  }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 2, activationsPerLicense: 1 } });
    const body = { module: t.modules.archive, fingerprint: "phone-A", platform: "mobile" as const };
    const first = await ok<Activated>(activate(t.client, body), 201);
    const again = await ok<Activated>(activate(t.client, body), 200);
    expect(again.activation.id).toBe(first.activation.id);
    expect(new Date(again.activation.leaseExpiresAt).getTime()).toBeGreaterThan(
      new Date(first.activation.leaseExpiresAt).getTime(),
    );
    await ok(t.manage.patch(`/api/v1/manage/contracts/${t.contract.id}`, { status: "suspended" }));
    await refused(t.client.post(`/api/v1/activations/${first.activation.id}/refresh`), 403, "CONTRACT_INACTIVE");
    await refused(activate(t.client, body), 403, "CONTRACT_INACTIVE");
  });

  test("unknown activation ids answer 404", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1, activationsPerLicense: 1 } });
    await refused(t.client.post(`/api/v1/activations/${randomUUID()}/refresh`), 404, "ACTIVATION_NOT_FOUND");
    await refused(t.client.post("/api/v1/activations/xyz/refresh"), 404, "ACTIVATION_NOT_FOUND");
    await refused(t.client.delete(`/api/v1/activations/${randomUUID()}`), 404, "ACTIVATION_NOT_FOUND");
    await refused(t.client.delete("/api/v1/activations/xyz"), 404, "ACTIVATION_NOT_FOUND");
  });

  test("the lease token verifies offline with the JWKS from /api/v1/keys and names contract, module and device", async ({
    request,
  }) => {
    const t = await provision(request, {
      engineering: { model: "concurrent", capacity: 1, extraActivations: 1, leaseDays: 3 },
    });
    const { activation } = await ok<Activated>(
      activate(t.client, { module: t.modules.engineering, fingerprint: "HW-1234-ABCD", platform: "desktop" }),
      201,
    );
    const jwks = await ok<JSONWebKeySet>(request.get("/api/v1/keys"));
    const { payload, protectedHeader } = await jwtVerify(activation.leaseToken, createLocalJWKSet(jwks), {
      algorithms: ["EdDSA"],
    });
    expect(protectedHeader.alg).toBe("EdDSA");
    expect(payload).toMatchObject({
      contract: t.contract.id,
      module: t.modules.engineering,
      fingerprint: "HW-1234-ABCD",
      sub: activation.id,
    });
    expect(payload.exp).toBe(Math.floor(new Date(activation.leaseExpiresAt).getTime() / 1000));

    // A token altered on the device no longer verifies.
    const [header, body, signature] = activation.leaseToken.split(".");
    const forged = Buffer.from(JSON.stringify({ ...payload, fingerprint: "OTHER-MACHINE" })).toString("base64url");
    expect(forged).not.toBe(body);
    await expect(jwtVerify(`${header}.${forged}.${signature}`, createLocalJWKSet(jwks))).rejects.toThrow();
  });
});
