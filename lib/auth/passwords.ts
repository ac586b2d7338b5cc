import "server-only";
import { hash, verify, type Options } from "@node-rs/argon2";
import bcrypt from "bcryptjs";

// argon2id with the library's defaults (19 MiB, 2 passes: OWASP's recommended minimum). The
// async calls run on libuv's thread pool, so a flood of sign-ins doesn't stall the licence API.
// (`Algorithm` is a const enum, which isolated modules can't import: 2 is Algorithm.Argon2id.)
const ARGON2: Options = { algorithm: 2 };

export function hashPassword(password: string) {
  return hash(password, ARGON2);
}

/** Hashes made before argon2id (bcrypt) still verify, and are replaced on the next sign-in. */
export const needsRehash = (storedHash: string) => !storedHash.startsWith("$argon2id$");

let dummyHash: Promise<string> | undefined;

/**
 * Whether the password matches the stored hash. With no hash (an unknown email) a dummy hash is
 * verified anyway, so a wrong email costs as much time as a wrong password.
 */
export async function verifyPassword(password: string, storedHash: string | null | undefined): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword("seatkeeper-no-such-account");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  if (storedHash.startsWith("$2")) return bcrypt.compare(password, storedHash);
  return verify(storedHash, password).catch(() => false);
}
