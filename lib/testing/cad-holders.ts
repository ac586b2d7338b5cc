import type { Database } from "@/db/client";
import { userModuleLastUse } from "@/db/schema";
import { createProfile } from "@/lib/licensing/profiles";
import { createUser } from "@/lib/licensing/users";
import { makeOrganization, testOperator } from "./fixtures";

/**
 * An organization whose pools (given as to makeOrganization) include a named `cad` pool, with a
 * profile granting CAD: `holder` adds a user of that profile with credentials issued (so holding a
 * seat; `managerId` names their manager), `usedCad` records a user's last use of CAD at a given time.
 */
export async function cadHolders(db: Database, spec: Parameters<typeof makeOrganization>[1]) {
  const f = await makeOrganization(db, spec);
  const org = f.organization.id;
  const profile = await createProfile(db, testOperator, org, { name: "Drafting", modules: [f.mod("cad")] });
  const holder = (username: string, managerId?: string) =>
    createUser(db, testOperator, org, {
      username,
      email: `${username}@example.com`,
      profileId: profile.id,
      credentials: "issued",
      managerId,
    });
  const usedCad = async (userId: string, lastUsedAt: Date) => {
    await db
      .insert(userModuleLastUse)
      .values({ userId, moduleId: f.pool("cad").moduleId, organizationId: org, lastUsedAt });
  };
  return { f, org, profile, holder, usedCad };
}
