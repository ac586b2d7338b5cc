import "server-only";
import { createPrivateKey, createPublicKey } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, SignJWT, type JWK } from "jose";
import { signingKeyPem } from "@/lib/runtime/secrets";

// Lease tokens (rule 11): compact JWS signed with Ed25519 (alg EdDSA). A device verifies one
// offline with the public key from /api/v1/keys, found by `kid`, until `exp` = leaseExpiresAt.

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
};

export async function signLeaseToken(claims: LeaseClaims): Promise<string> {
  const { privateKey, kid } = await signingKey();
  return new SignJWT({
    contract: claims.contractId,
    module: claims.module,
    fingerprint: claims.fingerprint,
    activation: claims.activationId,
  })
    .setProtectedHeader({ alg: "EdDSA", kid, typ: "JWT" })
    .setSubject(claims.activationId)
    .setIssuer("seatkeeper")
    .setIssuedAt()
    .setExpirationTime(Math.floor(claims.leaseExpiresAt.getTime() / 1000))
    .sign(privateKey);
}

/** The public key set devices verify lease tokens with. */
export async function publicJwks(): Promise<{ keys: JWK[] }> {
  const { publicJwk } = await signingKey();
  return { keys: [publicJwk] };
}
