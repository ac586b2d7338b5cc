import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from "jose";
import { SeatkeeperError } from "./errors.js";

export type LeaseClaims = {
  /** The activation the lease belongs to (an activation's lease). */
  activation?: string;
  /** The borrow the lease belongs to (a borrowed seat's lease) and its session. */
  borrow?: string;
  session?: string;
  contract: string;
  module: string;
  /** The device: its fingerprint for an activation, its deviceId for a borrowed seat. */
  fingerprint?: string;
  device?: string;
  /** The modules the device may use under the contract. */
  entitlements: string[];
  /** When the lease ends (seconds since the epoch). */
  exp: number;
  [claim: string]: unknown;
};

export type LeaseExpectations = { fingerprint?: string; device?: string; module?: string };

/**
 * Checks a lease token offline: its Ed25519 signature against the JWKS, its issuer and its expiry
 * (`exp` is required: a lease without one would be valid forever), and, when given, that it was
 * issued for this device's fingerprint. Keys pinned by the application are final: a token with a
 * key id they don't hold is refused, never looked up, since whoever answers /api/v1/keys on the
 * device (a hosts file, a proxy, plain http) could otherwise vouch for their own key. Unpinned,
 * the JWKS is fetched once from /api/v1/keys and again only for a key id it has not seen.
 */
export class LeaseVerifier {
  private keys: JSONWebKeySet | undefined;
  private readonly isPinned: boolean;

  constructor(
    private readonly fetchKeys: () => Promise<JSONWebKeySet>,
    pinnedKeys?: JSONWebKeySet,
  ) {
    this.keys = pinnedKeys;
    this.isPinned = pinnedKeys !== undefined;
  }

  /** The cached key set (store it to verify after a restart without the network). */
  async jwks(): Promise<JSONWebKeySet> {
    this.keys ??= await this.fetchKeys();
    return this.keys;
  }

  async verify(token: string, expected: LeaseExpectations = {}): Promise<LeaseClaims> {
    let payload;
    try {
      payload = await this.check(token, await this.jwks());
    } catch (e) {
      if (!(e instanceof errors.JWKSNoMatchingKey) || this.isPinned) throw invalid(e);
      this.keys = await this.fetchKeys();
      payload = await this.check(token, this.keys).catch((again: unknown) => {
        throw invalid(again);
      });
    }
    const claims = {
      ...payload,
      entitlements: Array.isArray(payload.entitlements) ? payload.entitlements : [],
    } as LeaseClaims;
    if (expected.fingerprint !== undefined && claims.fingerprint !== expected.fingerprint)
      throw new SeatkeeperError(0, "LEASE_INVALID", "The lease was issued for another device.");
    if (expected.device !== undefined && claims.device !== expected.device)
      throw new SeatkeeperError(0, "LEASE_INVALID", "The lease was issued for another device.");
    if (expected.module !== undefined && claims.module !== expected.module)
      throw new SeatkeeperError(0, "LEASE_INVALID", "The lease is for another module.");
    return claims;
  }

  private async check(token: string, keys: JSONWebKeySet) {
    const { payload } = await jwtVerify(token, createLocalJWKSet(keys), {
      issuer: "seatkeeper",
      algorithms: ["EdDSA"],
      requiredClaims: ["exp"],
    });
    return payload;
  }
}

function invalid(e: unknown) {
  if (e instanceof errors.JWTExpired) return new SeatkeeperError(0, "LEASE_EXPIRED", "The lease has expired.");
  return new SeatkeeperError(0, "LEASE_INVALID", `The lease token is not valid: ${e instanceof Error ? e.message : e}`);
}
