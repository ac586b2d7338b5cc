import { eq, sql } from "drizzle-orm";
import { createLocalJWKSet, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { denials, deviceActivations } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { adminOf, makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { activateDevice, refreshActivation, releaseActivation, revokeActivation } from "./activations";
import { updateContract } from "./contracts";
import { publicJwks } from "./lease-token";
import { poolUsages } from "./usage";
import { VENDOR } from "./input";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const mobile = () =>
  makeOrganization(db, {
    pools: [
      { module: "mob", model: "concurrent", capacity: 2, activationsPerLicense: 1, extraActivations: 1, leaseDays: 7 },
    ],
  });

describe("device activations (rules 10, 11)", () => {
  it("allows capacity × activations per licence + extra, then refuses DEVICE_LIMIT_REACHED", async () => {
    const f = await mobile();
    for (const fp of ["a", "b", "c"])
      expect(
        (await activateDevice(db, f.key, { module: f.mod("mob"), fingerprint: fp, platform: "mobile" })).created,
      ).toBe(true);
    const e = await refusalOf(
      activateDevice(db, f.key, { module: f.mod("mob"), fingerprint: "d", platform: "mobile" }),
    );
    expect(e.code).toBe("DEVICE_LIMIT_REACHED");
    expect(e.details).toEqual({ limit: 3, inUse: 3 });
  });

  it("returns the existing activation for an already active fingerprint and consumes nothing", async () => {
    const f = await mobile();
    const first = await activateDevice(db, f.key, { module: f.mod("mob"), fingerprint: "same", platform: "mobile" });
    const again = await activateDevice(db, f.key, { module: f.mod("mob"), fingerprint: "same", platform: "mobile" });
    expect(again.created).toBe(false);
    expect(again.activation.id).toBe(first.activation.id);
    expect((await poolUsages(db, { contractId: f.contract.id }))[0]!.activations).toEqual({ limit: 3, inUse: 1 });
  });

  it("signs a lease token that verifies offline with the published key until leaseExpiresAt", async () => {
    const f = await mobile();
    const { activation } = await activateDevice(db, f.key, {
      module: f.mod("mob"),
      fingerprint: "fp-1",
      platform: "desktop",
    });
    const { payload, protectedHeader } = await jwtVerify(activation.leaseToken, createLocalJWKSet(await publicJwks()));
    expect(protectedHeader.alg).toBe("EdDSA");
    expect(payload).toMatchObject({
      contract: f.contract.id,
      module: f.mod("mob"),
      fingerprint: "fp-1",
      activation: activation.id,
    });
    expect(payload.exp).toBe(Math.floor(activation.leaseExpiresAt.getTime() / 1000));
    const refreshed = await refreshActivation(db, f.key, activation.id);
    expect(refreshed.leaseExpiresAt.getTime()).toBeGreaterThanOrEqual(activation.leaseExpiresAt.getTime());
  });

  it("frees a revoked device at once, and refuses to refresh it", async () => {
    const f = await mobile();
    const other = await mobile();
    const { activation } = await activateDevice(db, f.key, {
      module: f.mod("mob"),
      fingerprint: "x",
      platform: "mobile",
    });
    expect(
      (await refusalOf(revokeActivation(db, adminOf(other.organization.id), activation.id, other.scope))).code,
    ).toBe("NOT_FOUND");
    expect(await revokeActivation(db, adminOf(f.organization.id), activation.id, f.scope)).toEqual({ revoked: true });
    expect((await poolUsages(db, { contractId: f.contract.id }))[0]!.activations.inUse).toBe(0);
    expect((await refusalOf(refreshActivation(db, f.key, activation.id))).code).toBe("ACTIVATION_NOT_FOUND");
  });

  it("stops counting an activation whose lease lapsed beyond the grace period", async () => {
    const f = await mobile();
    const acts = [];
    for (const fp of ["a", "b", "c"])
      acts.push(
        (await activateDevice(db, f.key, { module: f.mod("mob"), fingerprint: fp, platform: "mobile" })).activation,
      );
    await db
      .update(deviceActivations)
      .set({ leaseExpiresAt: sql`now() - interval '4 days'` })
      .where(eq(deviceActivations.id, acts[0]!.id));
    expect((await poolUsages(db, { contractId: f.contract.id }))[0]!.activations.inUse).toBe(2);
    expect(
      (await activateDevice(db, f.key, { module: f.mod("mob"), fingerprint: "d", platform: "mobile" })).created,
    ).toBe(true);
    expect((await refusalOf(refreshActivation(db, f.key, acts[0]!.id))).code).toBe("ACTIVATION_NOT_FOUND");
  });

  it("lets a device release its activation (DELETE) and answers ACTIVATION_NOT_FOUND for an unknown id", async () => {
    const f = await mobile();
    const { activation } = await activateDevice(db, f.key, {
      module: f.mod("mob"),
      fingerprint: "r",
      platform: "server",
    });
    expect(await releaseActivation(db, f.key, activation.id)).toEqual({ released: true });
    expect((await refusalOf(releaseActivation(db, f.key, crypto.randomUUID()))).code).toBe("ACTIVATION_NOT_FOUND");
    expect((await refusalOf(releaseActivation(db, f.key, "xyz"))).code).toBe("ACTIVATION_NOT_FOUND");
  });

  it("gives a re-activated fingerprint a fresh lease, also within the grace period", async () => {
    const f = await mobile();
    const input = { module: f.mod("mob"), fingerprint: "again", platform: "mobile" as const };
    const { activation } = await activateDevice(db, f.key, input);
    await db
      .update(deviceActivations)
      .set({ leaseExpiresAt: sql`now() - interval '1 day'` })
      .where(eq(deviceActivations.id, activation.id));
    const again = await activateDevice(db, f.key, input);
    expect(again).toMatchObject({ created: false, activation: { id: activation.id } });
    expect(again.activation.leaseExpiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("refuses to refresh or re-activate on a suspended contract with CONTRACT_INACTIVE, keeping the activation", async () => {
    const f = await mobile();
    const input = { module: f.mod("mob"), fingerprint: "s", platform: "mobile" as const };
    const { activation } = await activateDevice(db, f.key, input);
    await updateContract(db, testOperator, f.contract.id, { status: "suspended" }, VENDOR);
    expect((await refusalOf(refreshActivation(db, f.key, activation.id))).code).toBe("CONTRACT_INACTIVE");
    expect((await refusalOf(activateDevice(db, f.key, input))).code).toBe("CONTRACT_INACTIVE");
    const [row] = await db.select().from(deviceActivations).where(eq(deviceActivations.id, activation.id));
    expect(row!.endedAt).toBeNull();
    const codes = await db.select({ code: denials.code }).from(denials).where(eq(denials.contractId, f.contract.id));
    expect(codes.map((c) => c.code)).toEqual(["CONTRACT_INACTIVE", "CONTRACT_INACTIVE"]);
  });
});
