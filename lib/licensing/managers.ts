import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Database, type Tx } from "@/db/client";
import { users } from "@/db/schema";
import { foldUsername } from "@/lib/validation/text";
import { LicensingError } from "./errors";
import { isUuid } from "./input";

// A user's manager is another user of the same organization; the chain of managers never comes
// back to the user (no self-management, no A manages B manages A). Changes of managers in one
// organization take turns (an advisory lock), so two changes at once can't close a cycle between
// them that neither saw.

const refuse = (message: string) => new LicensingError("INVALID", message, { field: "managerId" });

/**
 * Checks that `managerId` may manage the user `userId` (null: a user being created) in the
 * organization; the caller then writes it in the same transaction.
 */
export async function assertManager(tx: Tx, organizationId: string, userId: string | null, managerId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`managers:${organizationId}`}, 0))`);
  if (userId !== null && managerId === userId) throw refuse("A user can't be their own manager.");
  const [manager] = isUuid(managerId)
    ? await tx
        .select({ id: users.id, username: users.username })
        .from(users)
        .where(and(eq(users.id, managerId), eq(users.organizationId, organizationId)))
    : [];
  if (!manager) throw refuse("The manager must be a user of the same organization.");
  if (userId === null) return;
  // The manager's own chain of managers, upwards: the user in it would close a cycle.
  const cycle = rowsOf<{ found: number }>(
    await tx.execute(sql`
      with recursive up(id, manager_id) as (
        select ${users.id}, ${users.managerId} from ${users} where ${users.id} = ${managerId}::uuid
        union
        select u.id, u.manager_id from ${users} u join up on u.id = up.manager_id
      )
      select 1 as found from up where up.manager_id = ${userId}::uuid limit 1`),
  );
  if (cycle.length > 0)
    throw refuse(
      `${manager.username} is managed by this user (directly or through others): managing them would make a cycle.`,
    );
}

/** The user of the organization a manager is named by (their username, in any case), as the console's form names them. */
export async function managerIdOf(db: Database, organizationId: string, username: string) {
  const [manager] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.usernameKey, foldUsername(username))));
  if (!manager) throw refuse(`There is no user named "${username}" in this organization to be the manager.`);
  return manager.id;
}
