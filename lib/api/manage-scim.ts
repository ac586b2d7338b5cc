import "server-only";
import { assertOrganizationExists } from "@/lib/licensing/catalogue";
import { createScimToken, listScimTokens, revokeScimToken } from "@/lib/licensing/tokens";
import { scimTokenCreateInput } from "@/lib/validation/tokens";
import { json, noContent, route } from "./route";
import { scimTokenCreatedResponse, scimTokenListResponse } from "./schemas";

// The tokens an organization's directory (Entra ID, Okta…) provisions with at /scim/v2.

export const manageScimRoutes = [
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/organizations/{id}/scim-tokens",
    operationId: "createScimToken",
    tag: "Directory",
    summary: "Create a SCIM token for an organization's directory",
    description:
      "The directory sends it as `Authorization: Bearer <secret>` to /scim/v2. The secret is in this answer only.",
    body: scimTokenCreateInput,
    bodyExample: { name: "Entra ID" },
    responses: { 201: { description: "Created", schema: scimTokenCreatedResponse } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, actor, body, params }) => {
      const { scimToken, secret } = await createScimToken(db, actor, params.id, body.name);
      return json({ scimToken: { id: scimToken.id, name: scimToken.name }, secret }, 201);
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/organizations/{id}/scim-tokens",
    operationId: "listScimTokens",
    tag: "Directory",
    summary: "List an organization's SCIM tokens",
    description: "Newest first, revoked ones included; never their secrets.",
    responses: { 200: { description: "The tokens", schema: scimTokenListResponse } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params }) => {
      await assertOrganizationExists(db, params.id);
      return json({ scimTokens: await listScimTokens(db, params.id) });
    },
  }),
  route({
    audience: "manage",
    method: "delete",
    path: "/api/v1/manage/scim-tokens/{id}",
    operationId: "revokeScimToken",
    tag: "Directory",
    summary: "Revoke a SCIM token",
    description: "The directory's next request with it answers 401.",
    responses: { 204: { description: "Revoked" } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, actor, params }) => {
      await revokeScimToken(db, actor, params.id);
      return noContent();
    },
  }),
];
