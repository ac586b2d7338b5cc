import "server-only";
import { z } from "zod";
import { listApiKeys } from "@/lib/console/contract-queries";
import { pageInput } from "@/lib/console/keyset";
import { modulesPage, organizationById, organizationsPage, userById, usersPage } from "@/lib/console/manage-lists";
import { notFound } from "@/lib/licensing/errors";
import { moduleKey, organizationCreateInput, userCreateInput } from "@/lib/validation/licensing";
import { etagHeader, etagOf } from "./etag";
import { json, route } from "./route";
import { nextCursor, organizationRecord, when } from "./schemas";
import { filterText } from "@/lib/validation/text";

// Reads of what the management API writes: one list convention (filters named like the fields,
// newest first, `limit` and `cursor` in, `nextCursor` out) and one lookup convention (`GET …/{id}`,
// 404 for an id that isn't there).

const userRecord = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    username: z.string(),
    email: z.string(),
    status: z.enum(["active", "inactive"]),
    credentials: z.enum(["issued", "none"]),
    validTo: z.string().nullable().describe("The last day (YYYY-MM-DD) the user may work; null = no end"),
    profileId: z.uuid().nullable(),
    managerId: z.uuid().nullable().describe("The user's manager (another user of the organization); null = none"),
    lastUsedAt: when
      .nullable()
      .describe("When the user last used any module (a session or an activation, to the hour); null = never seen"),
    createdAt: when,
    updatedAt: when,
  })
  .meta({ id: "UserRecord" });
const moduleRecord = z
  .object({ id: z.uuid(), key: z.string(), name: z.string(), createdAt: when })
  .meta({ id: "ModuleRecord" });

const apiKeyRecord = z
  .object({
    id: z.uuid(),
    contractId: z.uuid().nullable(),
    name: z.string(),
    prefix: z.string().describe("The secret's first characters, to tell keys apart (never the secret)"),
    createdBy: z.string().nullable(),
    createdAt: when,
    lastUsedAt: when.nullable().describe("Its last use by the client API; null if never used"),
    revokedAt: when.nullable(),
  })
  .meta({ id: "ApiKeyRecord" });

const organizationListQuery = z.object({
  siteId: organizationCreateInput.shape.siteId.describe("The vendor's reference, exactly"),
  name: filterText(200).optional().describe("Part of the name, any case"),
  ...pageInput,
});
const userListQuery = z.object({
  username: filterText(100).optional().describe("A username, exactly but in any case"),
  email: filterText(254).optional().describe("An e-mail address, exactly but in any case"),
  status: userCreateInput.shape.status.unwrap().optional(),
  profileId: z.uuid().optional().describe("Users with this profile"),
  module: moduleKey.optional().describe("Users whose profile grants this module (its key)"),
  overLimit: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .describe("true: the users beyond the limit of an over-limit pool (the most recently granted); false: the others"),
  ...pageInput,
});

export const manageReadRoutes = [
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/organizations",
    operationId: "listOrganizations",
    tag: "Organizations",
    summary: "List organizations, newest first",
    description:
      "Filter by `siteId` (the vendor's reference, exactly) or `name` (contains, any case). Keyset-paged: `limit` (1–100, 50) and `cursor` from the previous answer's `nextCursor`.",
    query: organizationListQuery,
    responses: {
      200: {
        description: "One page of organizations",
        schema: z.object({ organizations: z.array(organizationRecord), nextCursor }),
      },
    },
    handle: async ({ db, query }) => {
      const page = await organizationsPage(db, query);
      return json({ organizations: page.rows, nextCursor: page.nextCursor });
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/organizations/{id}",
    operationId: "getOrganization",
    tag: "Organizations",
    summary: "Get an organization",
    description: "The organization's name, site ID and time zone; 404 for an id that isn't one.",
    responses: {
      200: {
        description: "The organization",
        schema: z.object({ organization: organizationRecord }),
        headers: { ETag: etagHeader },
      },
    },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params }) => {
      const organization = await organizationById(db, params.id);
      if (!organization) throw notFound("The organization");
      return json({ organization }, 200, { ETag: etagOf(organization) });
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/organizations/{id}/users",
    operationId: "listUsers",
    tag: "People",
    summary: "List an organization's users, newest first",
    description:
      "Filter by `username` or `email` (exactly, any case), `status`, `profileId`, `module` (its profile grants it) and `overLimit` (beyond the limit of an over-limit pool, as the console's users filter). Keyset-paged: `limit` (1–100, 50) and `cursor` from the previous answer's `nextCursor`.",
    query: userListQuery,
    responses: {
      200: { description: "One page of users", schema: z.object({ users: z.array(userRecord), nextCursor }) },
    },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params, query }) => {
      if (!(await organizationById(db, params.id))) throw notFound("The organization");
      const page = await usersPage(db, params.id, query);
      return json({ users: page.rows, nextCursor: page.nextCursor });
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/users/{id}",
    operationId: "getUser",
    tag: "People",
    summary: "Get a user",
    description: "The user with their status, credentials, validTo, profile and manager; 404 for an id that isn't one.",
    responses: { 200: { description: "The user", schema: z.object({ user: userRecord }) } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params }) => {
      const user = await userById(db, params.id);
      if (!user) throw notFound("The user");
      return json({ user });
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/modules",
    operationId: "listModules",
    tag: "Catalogue",
    summary: "List the modules, newest first",
    description: "Keyset-paged: `limit` (1–100, 50) and `cursor` from the previous answer's `nextCursor`.",
    query: z.object(pageInput),
    responses: {
      200: { description: "One page of modules", schema: z.object({ modules: z.array(moduleRecord), nextCursor }) },
    },
    handle: async ({ db, query }) => {
      const page = await modulesPage(db, query);
      return json({ modules: page.rows, nextCursor: page.nextCursor });
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/organizations/{id}/api-keys",
    operationId: "listApiKeys",
    tag: "Contracts",
    summary: "List an organization's contract API keys",
    description:
      "Every contract API key of the organization with its last use, newest first, the revoked ones after those in use. Never the secret, which only the creating answer shows.",
    responses: { 200: { description: "The keys", schema: z.object({ apiKeys: z.array(apiKeyRecord) }) } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params }) => {
      if (!(await organizationById(db, params.id))) throw notFound("The organization");
      return json({ apiKeys: await listApiKeys(db, params.id) });
    },
  }),
];
