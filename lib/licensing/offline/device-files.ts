import "server-only";
import { createHash } from "node:crypto";
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, EmbeddedJWK, importJWK, type JWK } from "jose";
import { z } from "zod";
import { describeInputRefusal } from "@/lib/validation/issues";
import { activationInput } from "@/lib/validation/licensing";
import { LicensingError } from "../errors";

// Reading the files an offline device signed with its own Ed25519 key (compact JWS, EdDSA): the
// activation request carries the public key in its header (`jwk`); renewal requests and release
// receipts name it by thumbprint and are checked against the key stored with the activation.
// Every problem is OFFLINE_FILE_INVALID (400) with a sentence; nothing here touches the database.

/** Longer than any request a device makes (about 600 characters), short enough for a QR code. */
export const MAX_OFFLINE_FILE_LENGTH = 4096;
/** A file signed longer ago than this is refused: the device makes a new one. */
export const OFFLINE_FILE_MAX_AGE_DAYS = 7;
/** Device clocks drift: a file dated up to a day ahead is still accepted. */
const FUTURE_SKEW_SECONDS = 86_400;

const types = {
  activation: "seatkeeper-activation-request",
  renewal: "seatkeeper-renewal-request",
  release: "seatkeeper-release-receipt",
} as const;
export type OfflineFileKind = keyof typeof types;

const freshness = {
  nonce: z.string().regex(/^[0-9a-f]{16,64}$/, "The nonce must be 16 to 64 hexadecimal digits"),
  iat: z.number().int(),
};

const activationRequest = activationInput
  .extend({ contract: z.uuid("The contract must be a contract's id").optional(), ...freshness })
  .strict();
const deviceFile = z
  .object({ activation: z.uuid("The activation must be an activation's id"), fingerprint: z.string(), ...freshness })
  .strict();

export type ActivationRequest = z.output<typeof activationRequest>;
export type DeviceFile = z.output<typeof deviceFile>;
export type ReadFile<T> = { claims: T; digest: string; thumbprint: string };

const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new LicensingError("OFFLINE_FILE_INVALID", message, details);

const what = { activation: "activation request", renewal: "renewal request", release: "release receipt" };
const aWhat = { activation: "an activation request", renewal: "a renewal request", release: "a release receipt" };

/** The compact JWS's header, before anything is trusted: kind, algorithm and length checked. */
function headerOf(file: string, kind: OfflineFileKind) {
  if (file.length > MAX_OFFLINE_FILE_LENGTH)
    throw invalid(`This ${what[kind]} is too long (at most ${MAX_OFFLINE_FILE_LENGTH} characters).`, {
      limit: MAX_OFFLINE_FILE_LENGTH,
    });
  let header;
  try {
    header = decodeProtectedHeader(file);
  } catch {
    throw invalid(`This is not ${aWhat[kind]}: the text is damaged or incomplete.`);
  }
  if (header.typ !== types[kind]) {
    const other = Object.entries(types).find(([, typ]) => typ === header.typ)?.[0] as OfflineFileKind | undefined;
    throw invalid(
      other ? `This is ${aWhat[other]}, not ${aWhat[kind]}.` : `This is not ${aWhat[kind]} from the Seatkeeper SDK.`,
    );
  }
  if (header.alg !== "EdDSA") throw invalid(`This ${what[kind]} must be signed with Ed25519 (EdDSA).`);
  return header;
}

function claimsOf<S extends z.ZodType>(schema: S, payload: Uint8Array, kind: OfflineFileKind, now: Date) {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch {
    throw invalid(`This ${what[kind]} does not hold readable content.`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = describeInputRefusal(parsed.error).details.issues[0]!;
    throw invalid(`This ${what[kind]} is not valid: ${issue.path ? `${issue.path}: ` : ""}${issue.message}.`);
  }
  const claims = parsed.data as z.output<S> & { iat: number };
  const age = now.getTime() / 1000 - claims.iat;
  if (age > OFFLINE_FILE_MAX_AGE_DAYS * 86_400)
    throw invalid(
      `This ${what[kind]} was made more than ${OFFLINE_FILE_MAX_AGE_DAYS} days ago; make a new one on the device.`,
    );
  if (age < -FUTURE_SKEW_SECONDS)
    throw invalid(`This ${what[kind]} is dated in the future; check the device's clock and make a new one.`);
  return claims;
}

const digestOf = (file: string) => createHash("sha256").update(file).digest("base64url");

/** An activation request: signed by the Ed25519 key it carries, well formed, recent. */
export async function readActivationRequest(
  file: string,
  now: Date,
): Promise<ReadFile<ActivationRequest> & { jwk: Record<string, string> }> {
  const text = file.trim();
  const header = headerOf(text, "activation");
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string" || "d" in jwk)
    throw invalid("This activation request does not carry the device's Ed25519 public key.");
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(text, EmbeddedJWK, { algorithms: ["EdDSA"] }));
  } catch {
    throw invalid("This activation request's signature does not match its content: it was altered or damaged.");
  }
  const claims = claimsOf(activationRequest, payload, "activation", now);
  const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  return { claims, digest: digestOf(text), thumbprint: await calculateJwkThumbprint(publicJwk), jwk: publicJwk };
}

/** The activation a renewal request or release receipt names, read before its signature is checked. */
export function namedActivation(file: string, kind: "renewal" | "release"): { activation: string; kid: string } {
  const text = file.trim();
  const header = headerOf(text, kind);
  const [, body] = text.split(".");
  let activation: unknown;
  try {
    activation = (JSON.parse(Buffer.from(body ?? "", "base64url").toString("utf8")) as { activation?: unknown })
      .activation;
  } catch {
    throw invalid(`This ${what[kind]} does not hold readable content.`);
  }
  if (typeof activation !== "string" || typeof header.kid !== "string")
    throw invalid(`This ${what[kind]} does not name its activation and device key.`);
  return { activation, kid: header.kid };
}

/**
 * A renewal request or release receipt, checked against the device key stored with the
 * activation: a file signed by any other key is refused.
 */
export async function readDeviceFile(
  file: string,
  kind: "renewal" | "release",
  deviceKey: Record<string, string>,
  now: Date,
): Promise<ReadFile<DeviceFile>> {
  const text = file.trim();
  headerOf(text, kind);
  let payload: Uint8Array;
  try {
    const key = await importJWK({ ...deviceKey, alg: "EdDSA" }, "EdDSA");
    ({ payload } = await compactVerify(text, key, { algorithms: ["EdDSA"] }));
  } catch {
    throw invalid(`This ${what[kind]} is not signed by the key of the device that holds the activation.`);
  }
  const claims = claimsOf(deviceFile, payload, kind, now);
  return { claims, digest: digestOf(text), thumbprint: await calculateJwkThumbprint(deviceKey) };
}
