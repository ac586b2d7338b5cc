import "server-only";
import { denials } from "@/db/schema";
import type { Database, Tx } from "@/db/client";
import type { Actor } from "./actor";
import { isLicensingError, LicensingError, type RefusalCode } from "./errors";

export type DenialKind = (typeof denials.$inferInsert)["kind"];

/** Where a refused acquisition happened, for its denial row. */
export type DenialContext = {
  kind: DenialKind;
  organizationId: string;
  contractId?: string | null;
  poolId?: string | null;
  moduleId?: string | null;
  userId?: string | null;
  username?: string | null;
  deviceId?: string | null;
};

const contexts = new WeakMap<LicensingError, DenialContext>();

/** A refusal that is recorded as a denial (SPEC rule 16) once its transaction has rolled back. */
export function refusal(code: RefusalCode, message: string, details: Record<string, unknown>, denial: DenialContext) {
  const error = new LicensingError(code, message, details);
  contexts.set(error, denial);
  return error;
}

/**
 * Runs `work` in one transaction. A refusal thrown inside rolls everything back; its denial row
 * is then written in its own short write, so the refusal is on record although nothing changed.
 */
export function transactRecordingDenials<T>(db: Database, actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
  return recordingDenials(db, actor, () => db.transaction(work));
}

/** Runs `work` (which makes its own transaction or single statements); a refusal's denial is recorded after it. */
export async function recordingDenials<T>(db: Database, actor: Actor, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isLicensingError(e)) {
      const denial = contexts.get(e);
      if (denial) await recordDenial(db, actor, e, denial);
    }
    throw e;
  }
}

export async function recordDenial(db: Database, actor: Actor, error: LicensingError, denial: DenialContext) {
  await db.insert(denials).values({
    organizationId: denial.organizationId,
    contractId: denial.contractId ?? null,
    poolId: denial.poolId ?? null,
    moduleId: denial.moduleId ?? null,
    kind: denial.kind,
    code: error.code,
    message: error.message,
    userId: denial.userId ?? null,
    username: denial.username ?? null,
    deviceId: denial.deviceId ?? null,
    actor: actor.label,
    details: error.details,
  });
}
