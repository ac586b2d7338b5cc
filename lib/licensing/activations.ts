import "server-only";
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { deviceActivations, licensePools, modules, type DeviceActivation } from "@/db/schema";
import { rowsOf, type Database, type Executor, type Tx } from "@/db/client";
import { bare } from "@/db/sql";
import { activationInput, type ActivationInput } from "@/lib/validation/licensing";
import { systemActor, type Actor } from "./actor";
import { auditInsertSql, recordAudit } from "./audit";
import { assertContractInForce, checkClientUser, findClientPool } from "./client-pool";
import { recordDenial, recordingDenials, refusal, transactRecordingDenials, type DenialContext } from "./denials";
import { LicensingError } from "./errors";
import { assertInScope, isUuid, parseInput, type ClientKey, type Scope } from "./input";
import { contractInForceForTake } from "./holdings/contract";
import {
  activationIsLiveAt,
  activationLapsedAt,
  activationLimit,
  activationLimitSql,
} from "./holdings/device-activations";
import { leaseEntitlements } from "./entitlements";
import { signLeaseToken } from "./lease-token";

// Device activations (rules 10, 11) use the same technique as sessions: `activations_held` is
// taken with a conditional UPDATE against the limit and released by exactly the rows that a
// `… WHERE ended_at IS NULL RETURNING` ended. One live row per (pool, fingerprint) is a partial
// unique index, so racing activations of one device collapse into one row.

export type ActivationView = {
  id: string;
  fingerprint: string;
  platform: string;
  leaseExpiresAt: Date;
  leaseToken: string;
};

/** A lease lapsed for longer than the grace period: the activation no longer counts. */
const lapsedBeyondGrace = activationLapsedAt(deviceActivations);

/**
 * Ends live activations matching `where` (a condition over `device_activations`) and gives their places back to their pools, in one
 * statement. Lapsed ones get an `activation.lapse` event by `system` in that same statement (the
 * caller audits a revocation, which has an actor).
 */
export async function endActivations(ex: Executor, where: SQL, reason: "revoked" | "lapsed"): Promise<string[]> {
  const lapseEvents =
    reason === "lapsed"
      ? sql`, lapse_events as (${auditInsertSql(
          systemActor,
          {
            organizationId: sql`ended.organization_id`,
            action: "activation.lapse",
            targetType: "device_activation",
            before: sql`jsonb_build_object('fingerprint', ended.fingerprint, 'leaseExpiresAt', ended.lease_expires_at)`,
          },
          sql`ended.id::text`,
          sql`from ended`,
        )})`
      : sql``;
  // `ended`, `freed` and `released` and their columns are this statement's names.
  const d = deviceActivations;
  const result = await ex.execute(sql`
    with ended as (
      update ${d} set ${bare(d.endedAt)} = clock_timestamp(), ${bare(d.endReason)} = ${reason}::activation_end_reason
       where ${d.endedAt} is null and (${where})
       returning ${d.id} as id, ${d.poolId} as pool_id, ${d.organizationId} as organization_id, ${d.fingerprint} as fingerprint,
                 ${d.leaseExpiresAt} as lease_expires_at
    ), freed as (select pool_id, count(*)::int as n from ended group by pool_id),
    released as (
      update ${licensePools} set ${bare(licensePools.activationsHeld)} = ${licensePools.activationsHeld} - freed.n
        from freed where ${licensePools.id} = freed.pool_id returning ${licensePools.id}
    )${lapseEvents}
    select id, (select count(*) from released) as released from ended`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

/**
 * Background sweep: ends every activation whose lease lapsed beyond the grace period (they
 * already count for nothing), each with its `activation.lapse` event, so the seat is told freed
 * without waiting for the device or the pool to be used again.
 */
export async function endLapsedActivations(db: Database): Promise<{ lapsed: number }> {
  return { lapsed: (await endActivations(db, lapsedBeyondGrace, "lapsed")).length };
}

async function view(ex: Executor, moduleKey: string, a: DeviceActivation): Promise<ActivationView> {
  const leaseToken = await signLeaseToken({
    contractId: a.contractId,
    module: moduleKey,
    fingerprint: a.fingerprint,
    activationId: a.id,
    leaseExpiresAt: a.leaseExpiresAt,
    entitlements: await leaseEntitlements(ex, a.contractId, a.userId),
  });
  return { id: a.id, fingerprint: a.fingerprint, platform: a.platform, leaseExpiresAt: a.leaseExpiresAt, leaseToken };
}

/**
 * Activates a device on a pool. A fingerprint already active there returns its activation
 * (created: false) and consumes nothing, also under races: the row is inserted first (the unique
 * index makes a racer wait for the winner's outcome), and only a new row takes a place.
 */
export async function activateDevice(
  db: Database,
  key: ClientKey,
  input: ActivationInput,
): Promise<{ activation: ActivationView; created: boolean }> {
  const a = parseInput(activationInput, input);
  const denial: DenialContext = {
    kind: "activation",
    organizationId: key.organizationId,
    contractId: key.contractId,
    username: a.username ?? null,
    deviceId: a.fingerprint,
  };
  const { row, created, moduleKey } = await transactRecordingDenials(db, key.actor, (tx) =>
    takeActivation(tx, key, a, denial),
  );
  return { activation: await view(db, moduleKey, row), created };
}

/** An offline device's own public key, stored with its activation. */
export type DeviceKeyBinding = { jwk: Record<string, string>; thumbprint: string };

/**
 * The take of every activation, online or by an offline request, inside the caller's transaction.
 * A refusal is thrown (with its denial context); an offline device's key is stored on a new row.
 */
export async function takeActivation(
  tx: Tx,
  key: ClientKey,
  a: ActivationInput,
  denial: DenialContext,
  device?: DeviceKeyBinding,
): Promise<{ row: DeviceActivation; created: boolean; moduleKey: string }> {
  const target = await findClientPool(tx, key, a.module, denial);
  const { pool } = target;
  const user = a.username ? await checkClientUser(tx, key, a.username, target, denial) : null;
  // A live row whose lease lapsed beyond grace no longer counts: end it so the device starts afresh.
  await endActivations(
    tx,
    and(eq(deviceActivations.poolId, pool.id), eq(deviceActivations.fingerprint, a.fingerprint), lapsedBeyondGrace)!,
    "lapsed",
  );

  const [inserted] = await tx
    .insert(deviceActivations)
    .values({
      organizationId: key.organizationId,
      contractId: key.contractId,
      poolId: pool.id,
      userId: user?.id ?? null,
      fingerprint: a.fingerprint,
      platform: a.platform,
      name: a.name ?? null,
      deviceKey: device?.jwk ?? null,
      deviceKeyThumbprint: device?.thumbprint ?? null,
      lastRefreshedAt: sql`clock_timestamp()`,
      leaseExpiresAt: sql`clock_timestamp() + make_interval(days => ${pool.leaseDays})`,
    })
    .onConflictDoNothing({
      target: [deviceActivations.poolId, deviceActivations.fingerprint],
      where: isNull(deviceActivations.endedAt),
    })
    .returning();
  if (!inserted) {
    const [existing] = await tx
      .select()
      .from(deviceActivations)
      .where(
        and(
          eq(deviceActivations.poolId, pool.id),
          eq(deviceActivations.fingerprint, a.fingerprint),
          isNull(deviceActivations.endedAt),
        ),
      );
    if (!existing)
      throw new LicensingError("CONFLICT", "This device is being activated by another request; try again.");
    // Already active: it consumes nothing more, and gets a fresh lease like a refresh (rule 10).
    const [refreshed] = await tx
      .update(deviceActivations)
      .set(freshLease)
      .where(and(eq(deviceActivations.id, existing.id), contractInForceForTake(key.contractId)))
      .returning();
    if (!refreshed) await assertContractInForce(tx, key, denial);
    return { row: refreshed ?? existing, created: false, moduleKey: target.moduleKey };
  }

  const take = () =>
    tx
      .update(licensePools)
      .set({ activationsHeld: sql`${licensePools.activationsHeld} + 1` })
      .where(
        and(
          eq(licensePools.id, pool.id),
          sql`${licensePools.activationsHeld} + 1 <= ${activationLimitSql}`,
          contractInForceForTake(key.contractId),
        ),
      )
      .returning({ held: licensePools.activationsHeld });
  let taken = (await take()).length > 0;
  if (
    !taken &&
    (await endActivations(tx, and(eq(deviceActivations.poolId, pool.id), lapsedBeyondGrace)!, "lapsed")).length
  )
    taken = (await take()).length > 0;
  if (!taken) {
    await assertContractInForce(tx, key, denial);
    const [now] = await tx.select().from(licensePools).where(eq(licensePools.id, pool.id));
    const limit = activationLimit(now!);
    throw refusal(
      "DEVICE_LIMIT_REACHED",
      `All ${limit} device activations for ${target.moduleName} are in use. Revoke a device first.`,
      { limit, inUse: now!.activationsHeld },
      denial,
    );
  }
  await recordAudit(tx, key.actor, {
    organizationId: key.organizationId,
    action: "activation.create",
    targetType: "device_activation",
    targetId: inserted.id,
    after: {
      module: target.moduleKey,
      fingerprint: a.fingerprint,
      platform: a.platform,
      username: user?.username ?? null,
      ...(device ? { offline: true } : {}),
    },
  });
  return { row: inserted, created: true, moduleKey: target.moduleKey };
}

/** A lease starting now, as long as its pool's lease length. */
export const freshLease = {
  lastRefreshedAt: sql`clock_timestamp()`,
  leaseExpiresAt: sql`clock_timestamp() + make_interval(days => (select ${licensePools.leaseDays} from ${licensePools} where ${licensePools.id} = ${deviceActivations.poolId}))`,
};

/**
 * Extends a lease, re-checking in the same statement that the contract is in force (rule 21).
 * A live activation of a contract not in force is CONTRACT_INACTIVE (403); revoked, lapsed
 * (beyond grace) or unknown activations are ACTIVATION_NOT_FOUND.
 */
export async function refreshActivation(db: Database, key: ClientKey, activationId: string): Promise<ActivationView> {
  type Refreshed = { row: DeviceActivation; moduleKey: string } | { contractInactive: boolean };
  const outcome: Refreshed = isUuid(activationId)
    ? await db.transaction(async (tx: Tx): Promise<Refreshed> => {
        const [row] = await tx
          .update(deviceActivations)
          .set(freshLease)
          .where(
            and(
              eq(deviceActivations.id, activationId),
              eq(deviceActivations.contractId, key.contractId),
              activationIsLiveAt(deviceActivations, sql`clock_timestamp()`),
              contractInForceForTake(key.contractId),
            ),
          )
          .returning();
        if (!row) {
          const lapsed = await endActivations(
            tx,
            and(
              eq(deviceActivations.id, activationId),
              eq(deviceActivations.contractId, key.contractId),
              lapsedBeyondGrace,
            )!,
            "lapsed",
          );
          const [live] = lapsed.length
            ? []
            : await tx
                .select({ id: deviceActivations.id })
                .from(deviceActivations)
                .where(
                  and(
                    eq(deviceActivations.id, activationId),
                    eq(deviceActivations.contractId, key.contractId),
                    activationIsLiveAt(deviceActivations, sql`clock_timestamp()`),
                  ),
                );
          return { contractInactive: Boolean(live) };
        }
        const [mod] = await tx
          .select({ key: modules.key })
          .from(licensePools)
          .innerJoin(modules, eq(modules.id, licensePools.moduleId))
          .where(eq(licensePools.id, row.poolId));
        return { row, moduleKey: mod!.key };
      })
    : { contractInactive: false };
  if ("row" in outcome) return view(db, outcome.moduleKey, outcome.row);
  const denial: DenialContext = { kind: "activation", organizationId: key.organizationId, contractId: key.contractId };
  if (outcome.contractInactive) {
    // A live activation whose contract is not in force: the contract says why (403).
    await recordingDenials(db, key.actor, () => assertContractInForce(db, key, denial));
  }
  const error = new LicensingError(
    "ACTIVATION_NOT_FOUND",
    "This activation is unknown, revoked or lapsed: activate the device again.",
    { activationId },
  );
  await recordDenial(db, key.actor, error, denial);
  throw error;
}

/** A device gives its activation back (client DELETE). Unknown ids are ACTIVATION_NOT_FOUND; a second release is fine. */
export async function releaseActivation(
  db: Database,
  key: ClientKey,
  activationId: string,
): Promise<{ released: boolean }> {
  const unknown = () => new LicensingError("ACTIVATION_NOT_FOUND", "This activation is unknown.", { activationId });
  if (!isUuid(activationId)) throw unknown();
  return db.transaction(async (tx) => {
    const [known] = await tx
      .select()
      .from(deviceActivations)
      .where(and(eq(deviceActivations.id, activationId), eq(deviceActivations.contractId, key.contractId)));
    if (!known) throw unknown();
    const ended = await endActivations(tx, eq(deviceActivations.id, activationId), "revoked");
    if (ended.length)
      await recordAudit(tx, key.actor, {
        organizationId: key.organizationId,
        action: "activation.release",
        targetType: "device_activation",
        targetId: activationId,
        before: { fingerprint: known.fingerprint },
      });
    return { released: ended.length > 0 };
  });
}

/** An administrator revokes a device: it stops counting at once (rule 11). */
export async function revokeActivation(
  db: Database,
  actor: Actor,
  activationId: string,
  scope: Scope,
): Promise<{ revoked: boolean }> {
  if (!isUuid(activationId)) throw new LicensingError("NOT_FOUND", "That activation was not found.");
  return db.transaction(async (tx) => {
    const [known] = await tx.select().from(deviceActivations).where(eq(deviceActivations.id, activationId));
    if (!known) throw new LicensingError("NOT_FOUND", "That activation was not found.");
    assertInScope(scope, known.organizationId, "That activation");
    const ended = await endActivations(tx, eq(deviceActivations.id, activationId), "revoked");
    if (ended.length) {
      await recordAudit(tx, actor, {
        organizationId: known.organizationId,
        action: "activation.revoke",
        targetType: "device_activation",
        targetId: activationId,
        before: { fingerprint: known.fingerprint, platform: known.platform },
      });
    }
    return { revoked: ended.length > 0 };
  });
}
