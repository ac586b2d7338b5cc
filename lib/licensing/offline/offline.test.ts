import {
  createDeviceKey,
  createOfflineActivationRequest,
  createReleaseReceipt,
  createRenewalRequest,
  verifyLicenseFile,
  type LicenseFileError,
} from "@seatkeeper/client";
import { and, count, eq, sql } from "drizzle-orm";
import { CompactSign, importJWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, denials, deviceActivations } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { adminOf, makeOrganization } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { revokeActivation } from "../activations";
import { updateContract } from "../contracts";
import { publicJwks } from "../lease-token";
import { poolUsages } from "../usage";
import { activateOfflineDevice } from "./activate";
import { releaseOfflineActivation } from "./release";
import { renewOfflineActivation } from "./renew";
import { VENDOR } from "../input";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

async function lab(limit = 2) {
  const f = await makeOrganization(db, {
    pools: [
      { module: "lab", model: "concurrent", capacity: limit, activationsPerLicense: 1, leaseDays: 30 },
      { module: "other", model: "concurrent", capacity: 1, activationsPerLicense: 1 },
    ],
  });
  const admin = adminOf(f.organization.id);
  const inConsole = { organizationId: f.organization.id };
  const request = (fingerprint: string, extra: { now?: Date } = {}) =>
    createOfflineActivationRequest({ module: f.mod("lab"), fingerprint, platform: "server", ...extra });
  const held = async () =>
    (await poolUsages(db, { contractId: f.contract.id })).find((u) => u.module === f.mod("lab"))!;
  const denialCount = async () =>
    (await db.select({ n: count() }).from(denials).where(eq(denials.organizationId, f.organization.id)))[0]!.n;
  const activationCount = async () =>
    (
      await db
        .select({ n: count() })
        .from(deviceActivations)
        .where(eq(deviceActivations.organizationId, f.organization.id))
    )[0]!.n;
  return { ...f, admin, inConsole, request, held, denialCount, activationCount };
}

/** A file signed by `key` over `payload` with `header`, as a device (or a forger) would make one. */
async function signed(privateJwk: Record<string, unknown>, header: Record<string, unknown>, payload: unknown) {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "EdDSA", ...header })
    .sign(await importJWK({ ...privateJwk, alg: "EdDSA" }, "EdDSA"));
}

const decodePart = (file: string, i: number) =>
  JSON.parse(Buffer.from(file.split(".")[i]!, "base64url").toString()) as Record<string, unknown>;
const encodePart = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("offline activation by request and licence file", () => {
  it("activates a device from its request; the licence file verifies offline bound to its fingerprint and key", async () => {
    const f = await lab();
    const { request, deviceKey } = await f.request("bridge-pc");
    const answer = await activateOfflineDevice(db, f.admin, f.inConsole, request);
    expect(answer.created).toBe(true);
    expect(answer.activation).toMatchObject({
      module: f.mod("lab"),
      fingerprint: "bridge-pc",
      contractId: f.contract.id,
    });
    expect(answer.activation.renewBy.getTime()).toBeLessThan(answer.activation.leaseExpiresAt.getTime());
    const claims = await verifyLicenseFile(answer.licenseFile, {
      fingerprint: "bridge-pc",
      deviceKey,
      jwks: await publicJwks(),
      module: f.mod("lab"),
    });
    expect(claims).toMatchObject({ activation: answer.activation.id, contract: f.contract.id, contractEndsOn: null });
    expect(claims.entitlements).toEqual([f.mod("lab"), f.mod("other")].sort());
    expect(claims.leaseExpiresAt.getTime()).toBe(Math.floor(answer.activation.leaseExpiresAt.getTime() / 1000) * 1000);
    expect((await f.held()).activations.inUse).toBe(1);
    const [created] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "activation.create"), eq(auditEvents.targetId, answer.activation.id)));
    expect(created!.after).toMatchObject({ fingerprint: "bridge-pc", offline: true });
  });

  it("answers the same request again with the same activation and consumes nothing more", async () => {
    const f = await lab();
    const { request } = await f.request("lab-scope");
    const first = await activateOfflineDevice(db, f.admin, { contractId: f.contract.id }, request);
    const again = await activateOfflineDevice(db, f.admin, { contractId: f.contract.id }, request);
    expect(again.created).toBe(false);
    expect(again.activation.id).toBe(first.activation.id);
    expect((await f.held()).activations.inUse).toBe(1);
  });

  it("refuses a licence file for another device, another fingerprint or module, tampered or expired", async () => {
    const f = await lab();
    const { request, deviceKey } = await f.request("ship-bridge");
    const { licenseFile, activation } = await activateOfflineDevice(db, f.admin, f.inConsole, request);
    const jwks = await publicJwks();
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => "accepted",
        (e: LicenseFileError) => e.code,
      );
    expect(
      await codeOf(
        verifyLicenseFile(licenseFile, { fingerprint: "ship-bridge", deviceKey: await createDeviceKey(), jwks }),
      ),
    ).toBe("LICENSE_WRONG_DEVICE");
    expect(await codeOf(verifyLicenseFile(licenseFile, { fingerprint: "other-pc", deviceKey, jwks }))).toBe(
      "LICENSE_WRONG_FINGERPRINT",
    );
    expect(
      await codeOf(
        verifyLicenseFile(licenseFile, { fingerprint: "ship-bridge", deviceKey, jwks, module: f.mod("other") }),
      ),
    ).toBe("LICENSE_WRONG_MODULE");
    const claims = decodePart(licenseFile, 1);
    const widened = [
      licenseFile.split(".")[0],
      encodePart({ ...claims, module: f.mod("other") }),
      licenseFile.split(".")[2],
    ].join(".");
    expect(await codeOf(verifyLicenseFile(widened, { fingerprint: "ship-bridge", deviceKey, jwks }))).toBe(
      "LICENSE_INVALID",
    );
    const afterLease = new Date(activation.leaseExpiresAt.getTime() + 1000);
    expect(
      await codeOf(verifyLicenseFile(licenseFile, { fingerprint: "ship-bridge", deviceKey, jwks, now: afterLease })),
    ).toBe("LICENSE_EXPIRED");
  });

  it("refuses forged, altered, replayed, stale, oversized and malformed requests with 400 sentences, a denial row each, nothing activated", async () => {
    const f = await lab();
    const { request, deviceKey } = await f.request("forged");
    const [header, payload, signature] = request.split(".") as [string, string, string];
    const intruder = await createDeviceKey();
    const claims = decodePart(request, 1);
    const cases: Record<string, string> = {
      "signed by another key": [
        encodePart({ ...decodePart(request, 0), jwk: intruder.publicJwk }),
        payload,
        signature,
      ].join("."),
      "altered fields": [header, encodePart({ ...claims, fingerprint: "someone-else" }), signature].join("."),
      "a replayed nonce": await signed(
        deviceKey.privateJwk,
        { typ: "seatkeeper-activation-request", jwk: deviceKey.publicJwk },
        { ...claims, fingerprint: "second-device" },
      ),
      stale: (await f.request("stale", { now: new Date(Date.now() - 8 * 86_400_000) })).request,
      oversized: `${request}${"A".repeat(5000)}`,
      malformed: "not a request at all",
      "another kind of file": await signed(
        deviceKey.privateJwk,
        { typ: "seatkeeper-release-receipt", kid: "x" },
        claims,
      ),
    };
    await activateOfflineDevice(db, f.admin, f.inConsole, request);
    const before = { denials: await f.denialCount(), activations: await f.activationCount() };
    for (const [name, file] of Object.entries(cases)) {
      const e = await refusalOf(activateOfflineDevice(db, f.admin, f.inConsole, file));
      expect(e.code, name).toBe("OFFLINE_FILE_INVALID");
      expect(e.message, name).toMatch(/^This .+\.$/);
    }
    expect(await f.denialCount()).toBe(before.denials + Object.keys(cases).length);
    expect(await f.activationCount()).toBe(before.activations);
    expect((await f.held()).activations.inUse).toBe(1);
  });

  it("refuses a device beyond the pool's limit with DEVICE_LIMIT_REACHED and a denial row, like an online activation", async () => {
    const f = await lab(1);
    await activateOfflineDevice(db, f.admin, f.inConsole, (await f.request("first")).request);
    const e = await refusalOf(activateOfflineDevice(db, f.admin, f.inConsole, (await f.request("second")).request));
    expect(e.code).toBe("DEVICE_LIMIT_REACHED");
    expect(e.details).toEqual({ limit: 1, inUse: 1 });
    const [denial] = await db.select().from(denials).where(eq(denials.organizationId, f.organization.id));
    expect(denial).toMatchObject({ code: "DEVICE_LIMIT_REACHED", kind: "activation", deviceId: "second" });
  });

  it("renews the lease from a renewal request signed by the device key; refuses it once the contract is suspended", async () => {
    const f = await lab();
    const { request, deviceKey } = await f.request("instrument");
    const first = await activateOfflineDevice(db, f.admin, f.inConsole, request);
    await db
      .update(deviceActivations)
      .set({ leaseExpiresAt: sql`now() + interval '1 day'` })
      .where(eq(deviceActivations.id, first.activation.id));
    const renewal = await createRenewalRequest(first.licenseFile, deviceKey);
    const renewed = await renewOfflineActivation(db, f.admin, f.inConsole, renewal);
    expect(renewed.activation.leaseExpiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    await verifyLicenseFile(renewed.licenseFile, { fingerprint: "instrument", deviceKey, jwks: await publicJwks() });

    const forged = await createRenewalRequest(first.licenseFile, await createDeviceKey());
    expect((await refusalOf(renewOfflineActivation(db, f.admin, f.inConsole, forged))).code).toBe(
      "OFFLINE_FILE_INVALID",
    );

    await updateContract(db, f.admin, f.contract.id, { status: "suspended" }, VENDOR);
    const e = await refusalOf(
      renewOfflineActivation(db, f.admin, f.inConsole, await createRenewalRequest(first.licenseFile, deviceKey)),
    );
    expect(e.code).toBe("CONTRACT_INACTIVE");
    expect(e.message).toBe("This contract is not active, so no licences can be used.");
  });

  it("refuses a renewal once an administrator revoked the activation without a receipt", async () => {
    const f = await lab();
    const { request, deviceKey } = await f.request("revoked");
    const { licenseFile, activation } = await activateOfflineDevice(db, f.admin, f.inConsole, request);
    await revokeActivation(db, f.admin, activation.id, f.inConsole);
    const e = await refusalOf(
      renewOfflineActivation(db, f.admin, f.inConsole, await createRenewalRequest(licenseFile, deviceKey)),
    );
    expect(e.code).toBe("ACTIVATION_NOT_FOUND");
    expect(e.message).toMatch(/revoked/);
    // The device keeps working offline until its lease ends, as with online leases.
    await verifyLicenseFile(licenseFile, { fingerprint: "revoked", deviceKey, jwks: await publicJwks() });
  });

  it("frees the seat at once on a release receipt signed by the device key, and refuses one signed by another key", async () => {
    const f = await lab();
    const { request, deviceKey } = await f.request("factory-plc");
    const { licenseFile, activation } = await activateOfflineDevice(db, f.admin, f.inConsole, request);

    const forged = await createReleaseReceipt(licenseFile, await createDeviceKey());
    const e = await refusalOf(releaseOfflineActivation(db, f.admin, f.inConsole, forged));
    expect(e.code).toBe("OFFLINE_FILE_INVALID");
    expect(e.message).toBe("This release receipt is not signed by the key of the device that holds the activation.");
    expect((await f.held()).activations.inUse).toBe(1);

    const receipt = await createReleaseReceipt(licenseFile, deviceKey);
    expect(await releaseOfflineActivation(db, f.admin, f.inConsole, receipt)).toEqual({
      released: true,
      activationId: activation.id,
    });
    expect((await f.held()).activations.inUse).toBe(0);
    expect(await releaseOfflineActivation(db, f.admin, f.inConsole, receipt)).toEqual({
      released: false,
      activationId: activation.id,
    });
    // The old request can't bring the released device back: it was used.
    const replay = await refusalOf(activateOfflineDevice(db, f.admin, f.inConsole, request));
    expect(replay.code).toBe("OFFLINE_FILE_INVALID");
    expect((await f.held()).activations.inUse).toBe(0);
  });

  it("treats another organization's activation as unknown", async () => {
    const f = await lab();
    const g = await lab();
    const { request, deviceKey } = await f.request("tenant");
    const { licenseFile } = await activateOfflineDevice(db, f.admin, f.inConsole, request);
    const e = await refusalOf(
      releaseOfflineActivation(db, g.admin, g.inConsole, await createReleaseReceipt(licenseFile, deviceKey)),
    );
    expect(e.code).toBe("ACTIVATION_NOT_FOUND");
    expect((await f.held()).activations.inUse).toBe(1);
  });
});
