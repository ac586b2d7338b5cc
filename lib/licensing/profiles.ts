import "server-only";
import { and, count, eq, inArray, notInArray, sql } from "drizzle-orm";
import { modules, profileModules, profiles, users } from "@/db/schema";
import type { Database, Tx } from "@/db/client";
import {
  moduleKey,
  profileCreateInput,
  profileUpdateInput,
  type ProfileCreateInput,
  type ProfileUpdateInput,
} from "@/lib/validation/licensing";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { assertOrganizationExists } from "./catalogue";
import { seatGrantedAtOnChange, seatsByModule, userMayHoldSeat } from "./holdings/named-seats";
import { transactRecordingDenials } from "./denials";
import { LicensingError } from "./errors";
import { assertInScope, isUuid, parseInput, type Scope } from "./input";
import { changeSeatsChecked } from "./seat-check";
import { endSessionsWithoutSeat } from "./seat-revocation";
import { poolUsages } from "./usage";
import { forgetProfileReservations } from "./floating";

async function moduleIdsOf(tx: Tx | Database, keys: string[]) {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return [];
  const found = await tx
    .select({ id: modules.id, key: modules.key, name: modules.name })
    .from(modules)
    .where(inArray(modules.key, unique));
  const missing = unique.filter((k) => !found.some((m) => m.key === k));
  if (missing.length) throw new LicensingError("INVALID", `Unknown module: ${missing.join(", ")}.`, { missing });
  return found;
}

async function profileModuleKeys(tx: Tx, profileId: string) {
  const rows = await tx
    .select({ key: modules.key })
    .from(profileModules)
    .innerJoin(modules, eq(modules.id, profileModules.moduleId))
    .where(eq(profileModules.profileId, profileId));
  return rows.map((m) => m.key);
}

/** The profile's members who hold named seats (rule 1's user half), for the audit row the webhook feed reads. */
async function namedSeatHolders(tx: Tx, profileId: string) {
  return tx
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(and(eq(users.profileId, profileId), userMayHoldSeat))
    .orderBy(users.username);
}

async function loadProfile(tx: Tx | Database, profileId: string, scope: Scope) {
  const [profile] = isUuid(profileId) ? await tx.select().from(profiles).where(eq(profiles.id, profileId)) : [];
  if (!profile) throw new LicensingError("NOT_FOUND", "That profile was not found.");
  assertInScope(scope, profile.organizationId, "That profile");
  return profile;
}

async function nameTaken(tx: Tx, organizationId: string, name: string, exceptId?: string) {
  const [row] = await tx
    .select({ id: profiles.id })
    .from(profiles)
    .where(and(eq(profiles.organizationId, organizationId), sql`lower(${profiles.name}) = lower(${name})`));
  return Boolean(row && row.id !== exceptId);
}

/** Creates a profile (a named set of modules). A new profile has no members, so it takes no seats. */
export async function createProfile(db: Database, actor: Actor, organizationId: string, input: ProfileCreateInput) {
  const p = parseInput(profileCreateInput, input);
  return db.transaction(async (tx) => {
    await assertOrganizationExists(tx, organizationId);
    if (await nameTaken(tx, organizationId, p.name))
      throw new LicensingError("CONFLICT", `A profile named "${p.name}" already exists.`);
    const mods = await moduleIdsOf(tx, p.modules);
    const [profile] = await tx.insert(profiles).values({ organizationId, name: p.name }).returning();
    if (mods.length)
      await tx
        .insert(profileModules)
        .values(mods.map((m) => ({ organizationId, profileId: profile!.id, moduleId: m.id })));
    const result = { ...profile!, modules: mods.map((m) => m.key) };
    await recordAudit(tx, actor, {
      organizationId,
      action: "profile.create",
      targetType: "profile",
      targetId: profile!.id,
      after: result,
    });
    return result;
  });
}

/** Renames a profile or changes its modules; adding a module its members would exceed is refused (rule 2). */
export async function updateProfile(
  db: Database,
  actor: Actor,
  profileId: string,
  input: ProfileUpdateInput,
  scope: Scope,
) {
  const patch = parseInput(profileUpdateInput, input);
  return transactRecordingDenials(db, actor, async (tx) => {
    const before = await loadProfile(tx, profileId, scope);
    const beforeModules = await profileModuleKeys(tx, profileId);
    if (patch.name && patch.name !== before.name) {
      if (await nameTaken(tx, before.organizationId, patch.name, profileId))
        throw new LicensingError("CONFLICT", `A profile named "${patch.name}" already exists.`);
      await tx.update(profiles).set({ name: patch.name }).where(eq(profiles.id, profileId));
    }
    if (patch.modules) {
      const mods = await moduleIdsOf(tx, patch.modules);
      await changeSeatsChecked(tx, before.organizationId, eq(users.profileId, profileId), async () => {
        // The modules kept keep their rows and so their grant time (rule 5); those added are granted now.
        const kept = mods.map((m) => m.id);
        await tx
          .delete(profileModules)
          .where(
            and(
              eq(profileModules.profileId, profileId),
              kept.length ? notInArray(profileModules.moduleId, kept) : undefined,
            ),
          );
        if (mods.length)
          await tx
            .insert(profileModules)
            .values(mods.map((m) => ({ organizationId: before.organizationId, profileId, moduleId: m.id })))
            .onConflictDoNothing();
      });
      await endSessionsWithoutSeat(tx, actor, before.organizationId);
    }
    // The members holding a named seat gain the modules added and free those removed (webhook feed).
    const seatHolders = patch.modules ? await namedSeatHolders(tx, profileId) : [];
    const result = {
      ...before,
      name: patch.name ?? before.name,
      modules: patch.modules ? [...new Set(patch.modules)] : beforeModules,
    };
    await recordAudit(tx, actor, {
      organizationId: before.organizationId,
      action: "profile.update",
      targetType: "profile",
      targetId: profileId,
      before: { name: before.name, modules: beforeModules },
      after: { name: result.name, modules: result.modules, seatHolders },
    });
    return result;
  });
}

/** Deletes a profile; its members move to no profile, so their seats free (rule 3). */
export async function deleteProfile(db: Database, actor: Actor, profileId: string, scope: Scope) {
  return db.transaction(async (tx) => {
    const before = await loadProfile(tx, profileId, scope);
    const beforeModules = await profileModuleKeys(tx, profileId);
    const seatHolders = await namedSeatHolders(tx, profileId);
    const moved = await tx
      .update(users)
      .set({ profileId: null, seatGrantedAt: seatGrantedAtOnChange({ profileId: null }), updatedAt: new Date() })
      .where(eq(users.profileId, profileId))
      .returning({ id: users.id });
    await tx.delete(profiles).where(eq(profiles.id, profileId));
    await forgetProfileReservations(tx, before.organizationId, profileId);
    await endSessionsWithoutSeat(tx, actor, before.organizationId);
    await recordAudit(tx, actor, {
      organizationId: before.organizationId,
      action: "profile.delete",
      targetType: "profile",
      targetId: profileId,
      before: { name: before.name, members: moved.length, modules: beforeModules, seatHolders },
    });
    return { deleted: true, membersMoved: moved.length };
  });
}

/** The licence impact of giving a profile these modules, before saving: per module, needed against available. */
export async function previewProfileChange(db: Database, profileId: string, moduleKeys: string[], scope: Scope) {
  const keys = moduleKeys.map((k) => moduleKey.parse(k));
  const profile = await loadProfile(db, profileId, scope);
  const mods = await moduleIdsOf(db, keys);
  const [members] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.profileId, profileId), userMayHoldSeat));
  const current = await seatsByModule(
    db,
    profile.organizationId,
    mods.map((m) => m.id),
    eq(users.profileId, profileId),
  );
  const pools = (await poolUsages(db, { organizationId: profile.organizationId })).filter(
    (p) => p.model === "named" && p.contractStatus === "active",
  );
  return mods.map((m) => {
    const pool = pools.find((p) => p.module === m.key);
    const needed = Number(members?.n ?? 0) - (current.get(m.id) ?? 0);
    const available = pool ? pool.available : 0;
    return { module: m.key, moduleName: m.name, needed, available, ok: !pool || needed <= available };
  });
}
