import "server-only";
import { createProfile, updateProfile } from "@/lib/licensing/profiles";
import { createUser, deleteUser, updateUser } from "@/lib/licensing/users";
import { VENDOR } from "@/lib/licensing/input";
import { profileCreateInput, profileUpdateInput, userCreateInput, userUpdateInput } from "@/lib/validation/licensing";
import { json, noContent, route } from "./route";
import { profileResponse, userResponse } from "./schemas";

export const managePeopleRoutes = [
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/organizations/{id}/profiles",
    operationId: "createProfile",
    tag: "People",
    description:
      "A profile names the modules its users get; every named pool of those modules must have a seat for each of its users (409 INSUFFICIENT_LICENSES with the shortages otherwise).",
    summary: "Create a profile",
    body: profileCreateInput,
    bodyExample: { name: "Lawyers", modules: ["case-management"] },
    responses: { 201: { description: "Created", schema: profileResponse } },
    refusals: ["NOT_FOUND", "INSUFFICIENT_LICENSES", "CONFLICT", "INVALID"],
    handle: async ({ db, actor, body, params }) =>
      json({ profile: await createProfile(db, actor, params.id, body) }, 201),
  }),
  route({
    audience: "manage",
    method: "patch",
    path: "/api/v1/manage/profiles/{id}",
    operationId: "updateProfile",
    tag: "People",
    description:
      "Adding a module takes a named seat for each of the profile's users; 409 INSUFFICIENT_LICENSES with the shortages when a pool can't give them, and nothing changes.",
    summary: "Rename a profile or change its modules",
    body: profileUpdateInput,
    bodyExample: { modules: ["case-management", "archive"] },
    responses: { 200: { description: "Changed", schema: profileResponse } },
    refusals: ["NOT_FOUND", "INSUFFICIENT_LICENSES", "CONFLICT", "INVALID"],
    handle: async ({ db, actor, body, params }) =>
      json({ profile: await updateProfile(db, actor, params.id, body, VENDOR) }),
  }),
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/organizations/{id}/users",
    operationId: "createUser",
    tag: "People",
    description:
      "`username` is unique per organization, case-insensitively; `email` an e-mail address; `validTo` (YYYY-MM-DD) the last day the user may work. A user with a profile takes a named seat of each of its modules (409 INSUFFICIENT_LICENSES when a pool is full). `managerId` names the user's manager, another user of the organization (422 INVALID otherwise).",
    summary: "Create a user",
    body: userCreateInput,
    bodyExample: { username: "ada", email: "ada@fjord.test", credentials: "issued" },
    responses: { 201: { description: "Created", schema: userResponse } },
    refusals: ["NOT_FOUND", "INSUFFICIENT_LICENSES", "USERNAME_TAKEN", "INVALID"],
    handle: async ({ db, actor, body, params }) => json({ user: await createUser(db, actor, params.id, body) }, 201),
  }),
  route({
    audience: "manage",
    method: "patch",
    path: "/api/v1/manage/users/{id}",
    operationId: "updateUser",
    tag: "People",
    description:
      "Only the fields sent change. A new profile, or activating the user, takes its named seats (409 INSUFFICIENT_LICENSES when a pool is full); deactivating frees them. `managerId` sets the user's manager (null: none); the user themselves, a user of another organization or one they manage, directly or through others (a cycle), is refused with 422 INVALID.",
    summary: "Change a user",
    body: userUpdateInput,
    bodyExample: { status: "inactive" },
    responses: { 200: { description: "Changed", schema: userResponse } },
    refusals: ["NOT_FOUND", "INSUFFICIENT_LICENSES", "USERNAME_TAKEN", "INVALID"],
    handle: async ({ db, actor, body, params }) => json({ user: await updateUser(db, actor, params.id, body, VENDOR) }),
  }),
  route({
    audience: "manage",
    method: "delete",
    path: "/api/v1/manage/users/{id}",
    operationId: "deleteUser",
    tag: "People",
    summary: "Delete a user",
    description: "Frees their seats.",
    responses: { 204: { description: "Deleted" } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, actor, params }) => {
      await deleteUser(db, actor, params.id, VENDOR);
      return noContent();
    },
  }),
];
