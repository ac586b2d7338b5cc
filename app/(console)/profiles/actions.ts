"use server";

import { z } from "zod";
import { consoleAction } from "@/lib/console/action";
import { createProfile, deleteProfile, previewProfileChange, updateProfile } from "@/lib/licensing/profiles";
import { moduleKey } from "@/lib/validation/licensing";
import { cleanName } from "@/lib/validation/text";

// The Profiles area's server actions: profiles.manage checked on the server by consoleAction
// (support and owners are refused and audited), one engine call each.

const organizationId = z.uuid();
const name = cleanName("The name", 200);
const moduleKeys = z.array(moduleKey).max(200);
const organizationOf = (i: { organizationId: string }) => i.organizationId;
const manage = {
  permission: "profiles.manage" as const,
  organizationOf,
  revalidate: ["/profiles", "/users", "/dashboard"],
};

export const createProfileAction = consoleAction(
  {
    ...manage,
    input: z.object({ organizationId, name, modules: moduleKeys.default([]) }),
    success: "Profile created.",
    refusalFields: { CONFLICT: "name" },
  },
  async ({ db, actor, input }) => {
    const profile = await createProfile(db, actor, input.organizationId, { name: input.name, modules: input.modules });
    return { id: profile.id };
  },
);

export const renameProfileAction = consoleAction(
  {
    ...manage,
    input: z.object({ organizationId, profileId: z.uuid(), name }),
    success: "Profile renamed.",
    refusalFields: { CONFLICT: "name" },
  },
  async ({ db, actor, scope, input }) => {
    await updateProfile(db, actor, input.profileId, { name: input.name }, scope);
    return null;
  },
);

export const setProfileModulesAction = consoleAction(
  {
    ...manage,
    input: z.object({ organizationId, profileId: z.uuid(), modules: moduleKeys }),
    success: "Modules saved.",
  },
  async ({ db, actor, scope, input }) => {
    await updateProfile(db, actor, input.profileId, { modules: input.modules }, scope);
    return null;
  },
);

export const deleteProfileAction = consoleAction(
  { ...manage, input: z.object({ organizationId, profileId: z.uuid() }), success: "Profile deleted." },
  ({ db, actor, scope, input }) => deleteProfile(db, actor, input.profileId, scope),
);

/** The licence impact of a module set before saving it; reads only. */
export const previewProfileAction = consoleAction(
  { permission: "read", organizationOf, input: z.object({ organizationId, profileId: z.uuid(), modules: moduleKeys }) },
  ({ db, scope, input }) => previewProfileChange(db, input.profileId, input.modules, scope),
);
