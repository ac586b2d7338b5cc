import "server-only";
import { and, eq } from "drizzle-orm";
import { clientType, denials, licensePools, modules, type ClientType } from "@/db/schema";
import type { Database, Tx } from "@/db/client";
import { moduleKey } from "@/lib/validation/licensing";
import { storableText } from "@/lib/validation/text";
import type { Actor } from "./actor";
import { isLicensingError, LicensingError, type RefusalCode } from "./errors";
import type { ClientKey } from "./input";

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
  clientType?: ClientType | null;
};

const contexts = new WeakMap<LicensingError, DenialContext | DenialContext[]>();

/**
 * A refusal that is recorded as a denial (SPEC rule 16) once its transaction has rolled back:
 * one row per context, so a refusal short on several pools counts on each of them.
 */
export function refusal(
  code: RefusalCode,
  message: string,
  details: Record<string, unknown>,
  denial: DenialContext | DenialContext[],
) {
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

export async function recordDenial(
  db: Database,
  actor: Actor,
  error: LicensingError,
  denial: DenialContext | DenialContext[],
) {
  const rows = Array.isArray(denial) ? denial : [denial];
  if (rows.length === 0) return;
  await db.insert(denials).values(rows.map((denial) => denialRow(actor, error, denial)));
}

function denialRow(actor: Actor, error: LicensingError, denial: DenialContext): typeof denials.$inferInsert {
  return {
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
    clientType: denial.clientType ?? null,
    actor: actor.label,
    details: error.details,
  };
}

/** A refusal decided before the engine ran: its code (VALIDATION_FAILED, VALUE_OUT_OF_RANGE…), sentence and details. */
export type EarlyRefusal = { code: string; message: string; details?: Record<string, unknown> };

/**
 * Rule 24: an acquisition refused early — a malformed body, a value out of range, an id that is no
 * id — is still a denial row, so support can see it. The body is whatever the client sent: its
 * device id (or fingerprint) and username are kept when they are strings, cut to what
 * PostgreSQL can store (no NUL, no lone surrogates), like every text of the row.
 */
export async function recordRejectedAcquisition(
  db: Database,
  key: ClientKey,
  kind: "session" | "activation",
  rawBody: unknown,
  error: EarlyRefusal,
) {
  const body = typeof rawBody === "object" && rawBody !== null ? (rawBody as Record<string, unknown>) : {};
  // A module key that is well formed names the pool, so the denial counts on that pool's views.
  const named = moduleKey.safeParse(body.module);
  const [pool] = named.success
    ? await db
        .select({ id: licensePools.id, moduleId: licensePools.moduleId })
        .from(licensePools)
        .innerJoin(modules, eq(modules.id, licensePools.moduleId))
        .where(and(eq(licensePools.contractId, key.contractId), eq(modules.key, named.data)))
    : [];
  await db.insert(denials).values({
    organizationId: key.organizationId,
    contractId: key.contractId,
    poolId: pool?.id ?? null,
    moduleId: pool?.moduleId ?? null,
    kind,
    code: error.code,
    message: storableText(error.message, 2000) ?? error.code,
    username: storableText(body.username, 100),
    deviceId: storableText(kind === "session" ? body.deviceId : body.fingerprint, 500),
    clientType: clientType.enumValues.find((c) => c === body.clientType) ?? null,
    actor: key.actor.label,
    details: storableJson(error.details ?? {}),
  });
}

/** A JSON value whose strings PostgreSQL's jsonb accepts (no \u0000, no lone surrogates). */
function storableJson(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(value, (_, v: unknown) => (typeof v === "string" ? (storableText(v, 2000) ?? "") : v)),
  );
}
