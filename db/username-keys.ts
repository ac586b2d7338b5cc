import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { foldUsername } from "@/lib/validation/text";
import { rowsOf } from "./client";

/**
 * Completes migration 0004's backfill of users.username_key: the SQL set lower(username), which is
 * the folded key for ASCII names; names with other characters are folded here, in JavaScript, as
 * every new name is (rule 23). Reads only those rows; a no-op once done. Two existing users whose
 * names fold together keep the old key, with a warning naming them.
 */
export async function refoldUsernameKeys(db: PgDatabase<PgQueryResultHKT, Record<string, unknown>>) {
  const rows = rowsOf<{ id: string; organizationId: string; username: string; usernameKey: string }>(
    await db.execute(
      sql`select id, organization_id as "organizationId", username, username_key as "usernameKey" from users where username ~ '[^\\x01-\\x7f]'`,
    ),
  );
  for (const row of rows) {
    const key = foldUsername(row.username);
    if (key === row.usernameKey) continue;
    const clash = rowsOf<{ username: string }>(
      await db.execute(
        sql`select username from users where organization_id = ${row.organizationId} and username_key = ${key} and id <> ${row.id}`,
      ),
    );
    if (clash.length) {
      console.warn(
        `Users "${row.username}" and "${clash[0]!.username}" now count as one username; rename one of them.`,
      );
      continue;
    }
    await db.execute(sql`update users set username_key = ${key} where id = ${row.id}`);
  }
}
