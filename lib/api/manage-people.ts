import "server-only";
import { createProfile, updateProfile } from "@/lib/licensing/profiles";
import { createUser, deleteUser, updateUser } from "@/lib/licensing/users";
import { profileCreateInput, profileUpdateInput, userCreateInput, userUpdateInput } from "@/lib/validation/licensing";
import { json, noContent, route } from "./route";
import { profileResponse, userResponse } from "./schemas";

export const managePeopleRoutes = [
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/organizations/{id}/profiles",
    summary: "Create a profile",
    body: profileCreateInput,
    bodyExample: { name: "Lawyers", modules: ["case-management"] },
    responses: { 201: { description: "Created", schema: profileResponse } },
    refusals: ["NOT_FOUND", "INSUFFICIENT_LICENSES", "CONFLICT", "INVALID"],
    handle: async ({ db, actor, body, params }) =>
      json({ profile: await createProfile(db, actor, params.id!, body) }, 201),
  }),
  route({
    audience: "manage",
    method: "patch",
    path: "/api/v1/manage/profiles/{id}",
    summary: "Rename a profile or change its modules",
    body: profileUpdateInput,
    bodyExample: { modules: ["case-management", "archive"] },
    responses: { 200: { description: "Changed", schema: profileResponse } },
    refusals: ["NOT_FOUND", "INSUFFICIENT_LICENSES", "CONFLICT", "INVALID"],
    handle: async ({ db, actor, body, params }) => json({ profile: await updateProfile(db, actor, params.id!, body) }),
  }),
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/organizations/{id}/users",
    summary: "Create a user",
    body: userCreateInput,
    bodyExample: { username: "ada", email: "ada@fjord.test", credentials: "issued" },
    responses: { 201: { description: "Created", schema: userResponse } },
    refusals: ["NOT_FOUND", "INSUFFICIENT_LICENSES", "USERNAME_TAKEN", "INVALID"],
    handle: async ({ db, actor, body, params }) => json({ user: await createUser(db, actor, params.id!, body) }, 201),
  }),
  route({
    audience: "manage",
    method: "patch",
    path: "/api/v1/manage/users/{id}",
    summary: "Change a user",
    body: userUpdateInput,
    bodyExample: { status: "inactive" },
    responses: { 200: { description: "Changed", schema: userResponse } },
    refusals: ["NOT_FOUND", "INSUFFICIENT_LICENSES", "USERNAME_TAKEN", "INVALID"],
    handle: async ({ db, actor, body, params }) => json({ user: await updateUser(db, actor, params.id!, body) }),
  }),
  route({
    audience: "manage",
    method: "delete",
    path: "/api/v1/manage/users/{id}",
    summary: "Delete a user",
    description: "Frees their seats.",
    responses: { 204: { description: "Deleted" } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, actor, params }) => {
      await deleteUser(db, actor, params.id!);
      return noContent();
    },
  }),
];
