import "server-only";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { passkeys, webauthnChallenges } from "@/db/schema";

/** Where WebAuthn runs: the console's public origin and its host name as the relying party id. */
export type RelyingParty = { origin: string; rpID: string };

export const relyingPartyOf = (origin: string): RelyingParty => ({ origin, rpID: new URL(origin).hostname });

const CHALLENGE_MS = 5 * 60_000;

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);
const extensionResults = z.record(z.string(), z.unknown()).default({});

/** A browser's answer to navigator.credentials.create(), as @simplewebauthn/browser sends it. */
export const registrationResponse = z.object({
  id: base64url,
  rawId: base64url,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    transports: z.array(z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"])).optional(),
  }),
  clientExtensionResults: extensionResults,
  authenticatorAttachment: z.enum(["cross-platform", "platform"]).optional(),
}) satisfies z.ZodType<RegistrationResponseJSON>;

/** A browser's answer to navigator.credentials.get(). */
export const authenticationResponse = z.object({
  id: base64url,
  rawId: base64url,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
  clientExtensionResults: extensionResults,
  authenticatorAttachment: z.enum(["cross-platform", "platform"]).optional(),
}) satisfies z.ZodType<AuthenticationResponseJSON>;

async function saveChallenge(
  tx: Executor,
  challenge: string,
  purpose: "register" | "authenticate",
  accountId: string | null,
  now: Date,
) {
  const [row] = await tx
    .insert(webauthnChallenges)
    .values({ challenge, purpose, accountId, expiresAt: new Date(now.getTime() + CHALLENGE_MS) })
    .returning({ id: webauthnChallenges.id });
  return row!.id;
}

/** Takes a challenge once: deleted as it is read, so a replayed answer finds nothing. */
async function takeChallenge(
  tx: Executor,
  challengeId: string,
  purpose: "register" | "authenticate",
  accountId: string | null,
  now: Date,
) {
  if (!z.string().uuid().safeParse(challengeId).success) return null;
  const [row] = await tx
    .delete(webauthnChallenges)
    .where(
      and(
        eq(webauthnChallenges.id, challengeId),
        eq(webauthnChallenges.purpose, purpose),
        accountId ? eq(webauthnChallenges.accountId, accountId) : isNull(webauthnChallenges.accountId),
        gt(webauthnChallenges.expiresAt, now),
      ),
    )
    .returning({ challenge: webauthnChallenges.challenge });
  return row?.challenge ?? null;
}

export async function passkeysOf(tx: Executor, accountId: string) {
  return tx
    .select({
      id: passkeys.id,
      name: passkeys.name,
      createdAt: passkeys.createdAt,
      lastUsedAt: passkeys.lastUsedAt,
      credentialId: passkeys.credentialId,
      transports: passkeys.transports,
    })
    .from(passkeys)
    .where(eq(passkeys.accountId, accountId))
    .orderBy(passkeys.createdAt);
}

/**
 * Options for registering a passkey: a resident (discoverable) credential, so it can sign in
 * without an email; the account's existing passkeys are excluded so one device isn't added twice.
 */
export async function passkeyRegistrationOptions(
  tx: Executor,
  account: { id: string; email: string },
  rp: RelyingParty,
  now: Date,
) {
  const existing = await passkeysOf(tx, account.id);
  const options = await generateRegistrationOptions({
    rpName: "Seatkeeper",
    rpID: rp.rpID,
    userName: account.email,
    userID: new TextEncoder().encode(account.id),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  const challengeId = await saveChallenge(tx, options.challenge, "register", account.id, now);
  return { challengeId, options };
}

/** Verifies a registration and stores the passkey; null when the answer doesn't verify. */
export async function savePasskey(
  tx: Executor,
  accountId: string,
  input: { challengeId: string; response: RegistrationResponseJSON; name: string },
  rp: RelyingParty,
  now: Date,
) {
  const challenge = await takeChallenge(tx, input.challengeId, "register", accountId, now);
  if (!challenge) return null;
  const verification = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpID,
    requireUserVerification: true,
  }).catch(() => null);
  if (!verification?.verified) return null;
  const { credential } = verification.registrationInfo;
  const [saved] = await tx
    .insert(passkeys)
    .values({
      accountId,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString("base64url"),
      counter: credential.counter,
      transports: credential.transports ?? [],
      name: input.name,
    })
    .onConflictDoNothing()
    .returning({ id: passkeys.id, name: passkeys.name });
  return saved ?? null;
}

/** Options for signing in with a passkey: the account's own (second factor) or any (password-less). */
export async function passkeyAuthenticationOptions(
  tx: Executor,
  accountId: string | null,
  rp: RelyingParty,
  now: Date,
) {
  const allow = accountId ? await passkeysOf(tx, accountId) : [];
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    userVerification: "required",
    allowCredentials: allow.map((p) => ({ id: p.credentialId, transports: p.transports })),
  });
  const challengeId = await saveChallenge(tx, options.challenge, "authenticate", accountId, now);
  return { challengeId, options };
}

/**
 * Verifies a passkey's answer to a challenge and returns the account it belongs to, or null.
 * With `accountId` (a second factor) the challenge and the passkey must both be that account's.
 */
export async function verifyPasskey(
  tx: Executor,
  input: { challengeId: string; response: AuthenticationResponseJSON; accountId: string | null },
  rp: RelyingParty,
  now: Date,
): Promise<string | null> {
  const challenge = await takeChallenge(tx, input.challengeId, "authenticate", input.accountId, now);
  if (!challenge) return null;
  const [stored] = await tx.select().from(passkeys).where(eq(passkeys.credentialId, input.response.id));
  if (!stored || (input.accountId && stored.accountId !== input.accountId)) return null;
  const verification = await verifyAuthenticationResponse({
    response: input.response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpID,
    requireUserVerification: true,
    credential: {
      id: stored.credentialId,
      publicKey: new Uint8Array(Buffer.from(stored.publicKey, "base64url")),
      counter: stored.counter,
      transports: stored.transports,
    },
  }).catch(() => null);
  if (!verification?.verified) return null;
  await tx
    .update(passkeys)
    .set({ counter: verification.authenticationInfo.newCounter, lastUsedAt: now })
    .where(eq(passkeys.id, stored.id));
  return stored.accountId;
}
