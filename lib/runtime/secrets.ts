import "server-only";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env, EnvError } from "@/lib/env";

/** Reads a secret kept under the data folder, creating it on first use (embedded demo only). */
function fileSecret(name: string, create: () => string) {
  const file = path.join(env().dataDir, name);
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const value = create();
    fs.writeFileSync(file, value, { mode: 0o600 });
    return value;
  }
}

export function authSecret(): string {
  return env().AUTH_SECRET ?? fileSecret("auth-secret", () => randomBytes(32).toString("base64url"));
}

/** The Ed25519 private key (PEM) that signs lease tokens. */
export function signingKeyPem(): string {
  return (
    env().SEATKEEPER_SIGNING_KEY ??
    fileSecret("signing-key.pem", () =>
      generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    )
  );
}

/**
 * In production on PostgreSQL the secrets must come from the environment: several instances
 * share them, and a folder on one instance is not where they belong.
 */
export function assertProductionSecrets() {
  const e = env();
  if (e.usesEmbeddedDatabase || process.env.NODE_ENV !== "production") return;
  for (const name of ["AUTH_SECRET", "SEATKEEPER_SIGNING_KEY"] as const) {
    if (!e[name]) {
      throw new EnvError(
        `Configuration error: ${name} must be set when DATABASE_URL is used in production (every instance needs the same value).`,
      );
    }
  }
}
