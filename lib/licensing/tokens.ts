import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { contracts, tokens } from "@/db/schema";
import type { Database } from "@/db/client";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { assertOrganizationExists } from "./catalogue";
import { LicensingError } from "./errors";
import { isUuid } from "./input";
import { notifyRevocation } from "./revocations";

// Recognisable prefixes: a leaked secret is easy to spot and to tell apart.
const PREFIX = { contract_api_key: "sk_live_", operator: "sk_op_", scim: "sk_scim_" } as const;

export function hashSecret(secret: string) {
  return createHash("sha256").update(secret).digest("hex");
}

function newSecret(kind: keyof typeof PREFIX) {
  return PREFIX[kind] + randomBytes(24).toString("base64url");
}

/** Creates an operator token for the management API. The secret is returned here only. */
export async function createOperatorToken(db: Database, actor: Actor, name: string) {
  const secret = newSecret("operator");
  return db.transaction(async (tx) => {
    const [token] = await tx
      .insert(tokens)
      .values({
        kind: "operator",
        name,
        prefix: secret.slice(0, 12),
        secretHash: hashSecret(secret),
        createdBy: actor.label,
      })
      .returning({ id: tokens.id, name: tokens.name, prefix: tokens.prefix, createdAt: tokens.createdAt });
    await recordAudit(tx, actor, {
      organizationId: null,
      action: "token.create",
      targetType: "token",
      targetId: token!.id,
      after: { name, kind: "operator" },
    });
    return { token: token!, secret };
  });
}

/** Creates a contract API key for the client API. The secret is returned here only. */
export async function createApiKey(db: Database, actor: Actor, contractId: string, name: string) {
  const secret = newSecret("contract_api_key");
  return db.transaction(async (tx) => {
    const [contract] = await tx
      .select({ id: contracts.id, organizationId: contracts.organizationId })
      .from(contracts)
      .where(eq(contracts.id, contractId));
    if (!contract) throw new LicensingError("NOT_FOUND", "That contract was not found.");
    const [token] = await tx
      .insert(tokens)
      .values({
        kind: "contract_api_key",
        name,
        prefix: secret.slice(0, 12),
        secretHash: hashSecret(secret),
        contractId,
        organizationId: contract.organizationId,
        createdBy: actor.label,
      })
      .returning({ id: tokens.id, name: tokens.name, prefix: tokens.prefix, createdAt: tokens.createdAt });
    await recordAudit(tx, actor, {
      organizationId: contract.organizationId,
      action: "apiKey.create",
      targetType: "token",
      targetId: token!.id,
      after: { name, contractId },
    });
    return { apiKey: token!, secret };
  });
}

const REVOKE_ACTION = {
  operator: "token.revoke",
  contract_api_key: "apiKey.revoke",
  scim: "scimToken.revoke",
} as const;

/**
 * Creates an organization's SCIM token: its directory (Entra ID, Okta…) provisions users and
 * groups with it, and it reaches that organization only. The secret is returned here only.
 */
export async function createScimToken(db: Database, actor: Actor, organizationId: string, name: string) {
  const secret = newSecret("scim");
  return db.transaction(async (tx) => {
    await assertOrganizationExists(tx, organizationId);
    const [token] = await tx
      .insert(tokens)
      .values({
        kind: "scim",
        name,
        prefix: secret.slice(0, 12),
        secretHash: hashSecret(secret),
        organizationId,
        createdBy: actor.label,
      })
      .returning({ id: tokens.id, name: tokens.name, prefix: tokens.prefix, createdAt: tokens.createdAt });
    await recordAudit(tx, actor, {
      organizationId,
      action: "scimToken.create",
      targetType: "token",
      targetId: token!.id,
      after: { name },
    });
    return { scimToken: token!, secret };
  });
}

/** An organization's SCIM tokens (never their secrets), newest first, revoked ones included. */
export async function listScimTokens(db: Database, organizationId: string) {
  return db
    .select({
      id: tokens.id,
      name: tokens.name,
      prefix: tokens.prefix,
      createdBy: tokens.createdBy,
      createdAt: tokens.createdAt,
      lastUsedAt: tokens.lastUsedAt,
      revokedAt: tokens.revokedAt,
    })
    .from(tokens)
    .where(and(eq(tokens.organizationId, organizationId), eq(tokens.kind, "scim")))
    .orderBy(desc(tokens.createdAt));
}

/** Revokes an organization's SCIM token (the directory's next request answers 401); other kinds of token are not reachable here. */
export async function revokeScimToken(db: Database, actor: Actor, tokenId: string, organizationId?: string) {
  const [token] = isUuid(tokenId)
    ? await db
        .select({ kind: tokens.kind, organizationId: tokens.organizationId })
        .from(tokens)
        .where(eq(tokens.id, tokenId))
    : [];
  if (token?.kind !== "scim" || (organizationId && token.organizationId !== organizationId))
    throw new LicensingError("NOT_FOUND", "That SCIM token was not found or is already revoked.");
  return revokeToken(db, actor, tokenId, organizationId);
}

/** Revokes a token at once; a revoked token answers 401 from then on. */
export async function revokeToken(db: Database, actor: Actor, tokenId: string, organizationId?: string) {
  const revoked = await db.transaction(async (tx) => {
    const where = organizationId
      ? and(eq(tokens.id, tokenId), eq(tokens.organizationId, organizationId))
      : eq(tokens.id, tokenId);
    const [token] = await tx
      .update(tokens)
      .set({ revokedAt: new Date() })
      .where(and(where, isNull(tokens.revokedAt)))
      .returning();
    if (!token) throw new LicensingError("NOT_FOUND", "That key was not found or is already revoked.");
    await recordAudit(tx, actor, {
      organizationId: token.organizationId,
      action: REVOKE_ACTION[token.kind],
      targetType: "token",
      targetId: token.id,
      before: { name: token.name },
    });
    await notifyRevocation(tx, { tokenId: token.id });
    return token;
  });
  // After the commit, so a later read can't find the token again (a read racing the commit may
  // remember it for at most TOKEN_MEMORY_MS).
  forgetToken(revoked.id);
  return revoked;
}

// Authenticated tokens are remembered for a few seconds, so the client API's hot path spends no
// round trip on its key. A revocation forgets the token at once in this process and, through
// PostgreSQL NOTIFY (./revocations.ts), in every other instance; TOKEN_MEMORY_MS bounds it if a
// notice is lost. Kept on globalThis: the lean
// API path (loaded by tsx) and Next.js's bundle are two copies of this module in one process.
const TOKEN_MEMORY_MS = 5_000;
const TOKEN_MEMORY_MAX = 10_000;
type Remembered = { actor: Actor; tokenId: string; until: number };
const memory = ((globalThis as { __seatkeeperTokens?: Map<string, Remembered> }).__seatkeeperTokens ??= new Map());

/** Forgets a token, every key of a contract, or everything (when notices may have been missed). */
export function forgetTokens(which: { tokenId: string } | { contractId: string } | "all") {
  if (which === "all") return memory.clear();
  for (const [hash, entry] of memory) {
    const contractId =
      entry.actor.type === "token" && entry.actor.kind === "contract_api_key" ? entry.actor.contractId : null;
    if ("tokenId" in which ? entry.tokenId === which.tokenId : contractId === which.contractId) memory.delete(hash);
  }
}

function forgetToken(tokenId: string) {
  forgetTokens({ tokenId });
}

/** The actor behind a bearer secret, or null when it is unknown or revoked. */
export async function authenticateToken(db: Database, secret: string): Promise<Actor | null> {
  const hash = hashSecret(secret);
  const remembered = memory.get(hash);
  if (remembered && remembered.until > Date.now()) return remembered.actor;
  const actor = await readToken(db, hash);
  if (memory.size >= TOKEN_MEMORY_MAX) memory.clear();
  if (actor) memory.set(hash, { actor, tokenId: actor.id, until: Date.now() + TOKEN_MEMORY_MS });
  else memory.delete(hash);
  return actor;
}

async function readToken(db: Database, hash: string): Promise<Extract<Actor, { type: "token" }> | null> {
  const [token] = await db
    .select()
    .from(tokens)
    .where(and(eq(tokens.secretHash, hash), isNull(tokens.revokedAt)));
  if (!token) return null;
  // last-used is informational: updated at most once a minute so the hot path stays one read.
  if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000) {
    await db.update(tokens).set({ lastUsedAt: new Date() }).where(eq(tokens.id, token.id));
  }
  if (token.kind === "operator") return { type: "token", id: token.id, label: `token:${token.name}`, kind: "operator" };
  if (token.kind === "scim")
    return {
      type: "token",
      id: token.id,
      label: `scim:${token.name}`,
      kind: "scim",
      name: token.name,
      organizationId: token.organizationId!,
    };
  return {
    type: "token",
    id: token.id,
    label: `key:${token.name}`,
    kind: "contract_api_key",
    contractId: token.contractId!,
    organizationId: token.organizationId!,
  };
}
