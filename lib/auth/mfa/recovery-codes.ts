import "server-only";
import { createHash, randomInt } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { recoveryCodes } from "@/db/schema";

export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: a code read from paper is typed back without guessing.
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

/** What a person types, reduced to what was generated: case, spaces and dashes don't matter. */
export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, "");

export const hashRecoveryCode = (code: string) =>
  createHash("sha256").update(normaliseRecoveryCode(code)).digest("base64url");

/** A code of 12 symbols of 31 (59 random bits) shown as xxxx-xxxx-xxxx. */
function newRecoveryCode() {
  const symbols = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}`;
}

/**
 * Replaces the account's recovery codes with ten new ones and returns them: the only time they
 * exist outside the database's hashes. Call it inside the transaction that audits it.
 */
export async function issueRecoveryCodes(tx: Executor, accountId: string): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(newRecoveryCode());
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
  await tx.insert(recoveryCodes).values([...codes].map((code) => ({ accountId, codeHash: hashRecoveryCode(code) })));
  return [...codes];
}

/**
 * Uses a recovery code once. A single conditional UPDATE: of any number of racing requests with
 * the same code, exactly one finds it unused (PostgreSQL re-checks `used_at IS NULL` on the newest
 * row version), the rest are refused.
 */
export async function spendRecoveryCode(tx: Executor, accountId: string, code: string, now: Date): Promise<boolean> {
  if (!normaliseRecoveryCode(code)) return false;
  const [spent] = await tx
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(recoveryCodes.accountId, accountId),
        eq(recoveryCodes.codeHash, hashRecoveryCode(code)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return Boolean(spent);
}

export async function unusedRecoveryCodeCount(tx: Executor, accountId: string): Promise<number> {
  const rows = await tx
    .select({ id: recoveryCodes.id })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.accountId, accountId), isNull(recoveryCodes.usedAt)));
  return rows.length;
}
