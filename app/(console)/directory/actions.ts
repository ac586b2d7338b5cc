"use server";

import { z } from "zod";
import { consoleAction } from "@/lib/console/action";
import { createScimToken, revokeScimToken } from "@/lib/licensing/tokens";
import { orderDirectoryProfiles } from "@/lib/scim/precedence";
import { scimTokenCreateInput } from "@/lib/validation/tokens";

// The Directory area's server actions: owners and admins manage their directory's SCIM tokens and
// the precedence of directory profiles, checked on the server by consoleAction.

const organizationId = z.uuid();
const organizationOf = (i: { organizationId: string }) => i.organizationId;

export const createScimTokenAction = consoleAction(
  {
    input: scimTokenCreateInput.extend({ organizationId }),
    permission: "directory.manage",
    organizationOf,
    revalidate: ["/directory"],
    success: "SCIM token created.",
  },
  async ({ db, actor, input }) => {
    const { scimToken, secret } = await createScimToken(db, actor, input.organizationId, input.name);
    return { id: scimToken.id, name: scimToken.name, secret };
  },
);

export const revokeScimTokenAction = consoleAction(
  {
    input: z.object({ organizationId, tokenId: z.uuid() }),
    permission: "directory.manage",
    organizationOf,
    revalidate: ["/directory"],
    success: "SCIM token revoked: the directory's next request with it is refused.",
  },
  async ({ db, actor, input }) => {
    const token = await revokeScimToken(db, actor, input.tokenId, input.organizationId);
    return { id: token.id };
  },
);

export const orderDirectoryProfilesAction = consoleAction(
  {
    input: z.object({ organizationId, profileIds: z.array(z.uuid()).max(1000) }),
    permission: "profiles.manage",
    organizationOf,
    revalidate: ["/profiles", "/users", "/dashboard"],
    success: "Precedence saved.",
  },
  ({ db, actor, input }) => orderDirectoryProfiles(db, actor, input.organizationId, input.profileIds),
);
