import { calculateJwkThumbprint, CompactSign, decodeJwt, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import encodeQR from "qr";

// The files an offline device hands to a person who carries them to Seatkeeper: an activation
// request, renewal requests and release receipts, each a compact JWS (EdDSA) signed by the
// device's own Ed25519 key. The activation request embeds the device's public key; the later
// files name it by its thumbprint (`kid`), and the server checks them against the key it stored.

/** The media types (`typ`) of the device's files, so one can never pass for another. */
export const offlineFileTypes = {
  activation: "seatkeeper-activation-request",
  renewal: "seatkeeper-renewal-request",
  release: "seatkeeper-release-receipt",
} as const;

/** The device's key pair as JWKs: keep it with the application (the private half never leaves the device). */
export type DeviceKey = { publicJwk: JWK; privateJwk: JWK };

export type OfflineActivationInput = {
  module: string;
  fingerprint: string;
  platform: "mobile" | "desktop" | "server";
  name?: string;
  /** A user of the customer whose seat the device uses (named pools). */
  username?: string;
  /** The contract (its id) when the organization has several with this module; the console finds it otherwise. */
  contract?: string;
  /** The device's clock, for tests; the server refuses requests far from its own time. */
  now?: Date;
};

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function signFile(
  deviceKey: DeviceKey,
  typ: string,
  header: Record<string, unknown>,
  payload: object,
): Promise<string> {
  const key = await importJWK({ ...deviceKey.privateJwk, alg: "EdDSA" }, "EdDSA");
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ ...header, alg: "EdDSA", typ })
    .sign(key);
}

/** The thumbprint (RFC 7638) a licence file binds the device key by (`cnf.jkt`). */
export const deviceKeyThumbprint = (deviceKey: DeviceKey | JWK) =>
  calculateJwkThumbprint("publicJwk" in deviceKey ? deviceKey.publicJwk : deviceKey);

/** A fresh Ed25519 key pair for a device, exportable so the application can keep it. */
export async function createDeviceKey(): Promise<DeviceKey> {
  const { publicKey, privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return {
    publicJwk: { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x },
    privateJwk: await exportJWK(privateKey),
  };
}

/**
 * On a device that is never online: a new device key and the activation request to carry to an
 * administrator (upload, paste or QR code). Keep `deviceKey`: the licence file is bound to it.
 */
export async function createOfflineActivationRequest(
  input: OfflineActivationInput,
  deviceKey?: DeviceKey,
): Promise<{ request: string; deviceKey: DeviceKey }> {
  const key = deviceKey ?? (await createDeviceKey());
  const { now = new Date(), ...claims } = input;
  const request = await signFile(
    key,
    offlineFileTypes.activation,
    { jwk: key.publicJwk },
    { ...claims, nonce: nonce(), iat: seconds(now) },
  );
  return { request, deviceKey: key };
}

type LicenseFileBinding = { activation: string; fingerprint: string };

function bindingOf(licenseFile: string): LicenseFileBinding {
  const claims = decodeJwt(licenseFile);
  if (typeof claims.activation !== "string" || typeof claims.fingerprint !== "string")
    throw new TypeError("This is not a Seatkeeper licence file.");
  return { activation: claims.activation, fingerprint: claims.fingerprint };
}

/** A request to extend the lease of the licence file this device holds; the answer is a new licence file. */
export async function createRenewalRequest(
  licenseFile: string,
  deviceKey: DeviceKey,
  options: { now?: Date } = {},
): Promise<string> {
  return signFile(
    deviceKey,
    offlineFileTypes.renewal,
    { kid: await deviceKeyThumbprint(deviceKey) },
    { ...bindingOf(licenseFile), nonce: nonce(), iat: seconds(options.now ?? new Date()) },
  );
}

/**
 * Gives the seat back: delete the licence file on the device, then carry this receipt to an
 * administrator; submitting it frees the activation at once.
 */
export async function createReleaseReceipt(
  licenseFile: string,
  deviceKey: DeviceKey,
  options: { now?: Date } = {},
): Promise<string> {
  return signFile(
    deviceKey,
    offlineFileTypes.release,
    { kid: await deviceKeyThumbprint(deviceKey) },
    { ...bindingOf(licenseFile), nonce: nonce(), iat: seconds(options.now ?? new Date()) },
  );
}

/** A request, receipt or licence file as a QR code (SVG markup), for a screen or a printout. */
export const offlineFileQrSvg = (file: string): string => encodeQR(file, "svg", { ecc: "low" });
