import "server-only";
import type { Database } from "@/db/client";

/** Whether an account signs in with a second factor; "unknown" until multi-factor sign-in records it. */
export type MfaState = "on" | "off" | "unknown";

/**
 * The MFA column of the team pages, per account id. Multi-factor sign-in fills this in from its
 * own tables; until then every account answers "unknown" and the column says so.
 */
export async function mfaStateOf(_db: Database, accountIds: string[]): Promise<Map<string, MfaState>> {
  return new Map(accountIds.map((id) => [id, "unknown" as const]));
}
