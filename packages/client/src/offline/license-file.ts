import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWK } from "jose";
import { SeatkeeperError } from "../errors.js";
import { deviceKeyThumbprint, type DeviceKey } from "./device-files.js";

/** Why a licence file does not let this device run, each with a sentence the device can show. */
export type LicenseFileRefusal =
  "LICENSE_INVALID" | "LICENSE_EXPIRED" | "LICENSE_WRONG_DEVICE" | "LICENSE_WRONG_FINGERPRINT" | "LICENSE_WRONG_MODULE";

/** A typed refusal of `verifyLicenseFile` (status 0: no server was asked). */
export class LicenseFileError extends SeatkeeperError {
  declare readonly code: LicenseFileRefusal;

  constructor(code: LicenseFileRefusal, message: string) {
    super(0, code, message);
    this.name = "LicenseFileError";
  }
}

/** What a valid licence file grants. */
export type LicenseFileClaims = {
  activation: string;
  contract: string;
  module: string;
  fingerprint: string;
  /** The modules the device may use under the contract. */
  entitlements: string[];
  /** The lease's end: the file stops verifying then. */
  leaseExpiresAt: Date;
  /** Present a renewal request before this time so the lease never runs out. */
  renewBy: Date;
  /** The contract's last day (YYYY-MM-DD) when it has one: no renewal reaches past it. */
  contractEndsOn: string | null;
};

export type LicenseFileExpectations = {
  /** This device's fingerprint, computed the same way as when the request was made. */
  fingerprint: string;
  /** The key pair made with the request (its public half is enough). */
  deviceKey: DeviceKey | JWK;
  /** The server's public keys (GET /api/v1/keys), shipped inside the application. */
  jwks: JSONWebKeySet;
  /** The module this application is, when it should refuse a file for another one. */
  module?: string;
  /** The time to check the lease against; now by default. */
  now?: Date;
};

/**
 * Checks a licence file offline, with no network: the server's Ed25519 signature (any change to
 * the file breaks it), the lease's end, that it names this device's fingerprint and is bound to
 * this device's key, and, when given, the module. Throws LicenseFileError otherwise.
 */
export async function verifyLicenseFile(file: string, expected: LicenseFileExpectations): Promise<LicenseFileClaims> {
  let payload;
  try {
    ({ payload } = await jwtVerify(file.trim(), createLocalJWKSet(expected.jwks), {
      issuer: "seatkeeper",
      algorithms: ["EdDSA"],
      typ: "seatkeeper-license+jwt",
      requiredClaims: ["exp", "activation", "fingerprint", "module", "cnf", "renewBy"],
      ...(expected.now ? { currentDate: expected.now } : {}),
    }));
  } catch (e) {
    if (e instanceof errors.JWTExpired)
      throw new LicenseFileError("LICENSE_EXPIRED", "The licence file's lease has ended: present a renewal request.");
    throw new LicenseFileError(
      "LICENSE_INVALID",
      "This is not a valid licence file from Seatkeeper (it was changed, or signed by another server).",
    );
  }
  const claims = payload as Record<string, unknown>;
  if (claims.fingerprint !== expected.fingerprint)
    throw new LicenseFileError(
      "LICENSE_WRONG_FINGERPRINT",
      "The licence file was issued for another device's fingerprint.",
    );
  const cnf = claims.cnf as { jkt?: unknown } | undefined;
  if (cnf?.jkt !== (await deviceKeyThumbprint(expected.deviceKey)))
    throw new LicenseFileError("LICENSE_WRONG_DEVICE", "The licence file is bound to another device's key.");
  if (expected.module !== undefined && claims.module !== expected.module)
    throw new LicenseFileError(
      "LICENSE_WRONG_MODULE",
      `The licence file is for the module "${String(claims.module)}".`,
    );
  return {
    activation: String(claims.activation),
    contract: String(claims.contract),
    module: String(claims.module),
    fingerprint: String(claims.fingerprint),
    entitlements: Array.isArray(claims.entitlements) ? claims.entitlements.map(String) : [],
    leaseExpiresAt: new Date(Number(payload.exp) * 1000),
    renewBy: new Date(Number(claims.renewBy) * 1000),
    contractEndsOn: typeof claims.contractEndsOn === "string" ? claims.contractEndsOn : null,
  };
}
