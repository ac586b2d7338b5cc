import "server-only";
import { createPrivateKey, createPublicKey } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, SignJWT, type JWK } from "jose";
import { signingKeyPem } from "@/lib/runtime/secrets";

// Lease tokens (rules 11, 25): compact JWS signed with Ed25519 (alg EdDSA). A device verifies one
// offline with the public key from /api/v1/keys, found by `kid`, until `exp`. An activation's
// lease names its fingerprint; a borrowed seat's names the session's device. Both carry
// `entitlements`, the modules the device may use under the contract.

type SigningKey = { privateKey: ReturnType<typeof createPrivateKey>; publicJwk: JWK; kid: string };
let cached: Promise<SigningKey> | undefined;

function signingKey(): Promise<SigningKey> {
  cached ??= (async () => {
    const privateKey = createPrivateKey(signingKeyPem());
    const jwk = await exportJWK(createPublicKey(privateKey));
    const kid = await calculateJwkThumbprint(jwk);
    return { privateKey, publicJwk: { ...jwk, kid, alg: "EdDSA", use: "sig" }, kid };
  })();
  return cached;
}

export type LeaseClaims = {
  contractId: string;
  module: string;
  fingerprint: string;
  activationId: string;
  leaseExpiresAt: Date;
  entitlements: string[];
};

export type BorrowClaims = {
  contractId: string;
  module: string;
  deviceId: string;
  username: string | null;
  borrowId: string;
  sessionId: string;
  expiresAt: Date;
  entitlements: string[];
};

async function sign(subject: string, payload: Record<string, unknown>, expiresAt: Date, typ = "JWT"): Promise<string> {
  const { privateKey, kid } = await signingKey();
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "EdDSA", kid, typ })
    .setSubject(subject)
    .setIssuer("seatkeeper")
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(privateKey);
}

/** An activation's lease (rule 11). */
export function signLeaseToken(claims: LeaseClaims): Promise<string> {
  return sign(
    claims.activationId,
    {
      contract: claims.contractId,
      module: claims.module,
      fingerprint: claims.fingerprint,
      activation: claims.activationId,
      entitlements: claims.entitlements,
    },
    claims.leaseExpiresAt,
  );
}

/** A borrowed seat's lease (rule 25): valid offline until the borrow ends. */
export function signBorrowToken(claims: BorrowClaims): Promise<string> {
  return sign(
    claims.borrowId,
    {
      contract: claims.contractId,
      module: claims.module,
      device: claims.deviceId,
      ...(claims.username ? { username: claims.username } : {}),
      borrow: claims.borrowId,
      session: claims.sessionId,
      entitlements: claims.entitlements,
    },
    claims.expiresAt,
  );
}

export type LicenseFileClaims = LeaseClaims & {
  /** RFC 7638 thumbprint of the offline device's own key (the file is bound to it: `cnf.jkt`). */
  deviceKeyThumbprint: string;
  renewBy: Date;
  /** The contract's last day in force (YYYY-MM-DD), or null when it has no end. */
  contractEndsOn: string | null;
};

/**
 * An offline device's licence file: an activation's lease bound to the device's key as well as its
 * fingerprint, with the time its renewal is due; its own `typ` so a lease token can't pass for one.
 */
export function signLicenseFile(claims: LicenseFileClaims): Promise<string> {
  return sign(
    claims.activationId,
    {
      contract: claims.contractId,
      module: claims.module,
      fingerprint: claims.fingerprint,
      activation: claims.activationId,
      entitlements: claims.entitlements,
      cnf: { jkt: claims.deviceKeyThumbprint },
      renewBy: Math.floor(claims.renewBy.getTime() / 1000),
      contractEndsOn: claims.contractEndsOn,
    },
    claims.leaseExpiresAt,
    "seatkeeper-license+jwt",
  );
}

/** The public key set devices verify lease tokens with. */
export async function publicJwks(): Promise<{ keys: JWK[] }> {
  const { publicJwk } = await signingKey();
  return { keys: [publicJwk] };
}
