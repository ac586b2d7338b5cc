import "server-only";
import { organizationUsageView } from "@/lib/http/views";
import { createOrganization, upsertModule } from "@/lib/licensing/catalogue";
import { usageResponse } from "@/lib/validation/api-responses";
import { moduleUpsertInput, organizationCreateInput } from "@/lib/validation/licensing";
import { json, route } from "./route";
import { moduleResponse, organizationResponse } from "./schemas";

export const manageCatalogueRoutes = [
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/modules",
    operationId: "createModule",
    tag: "Catalogue",
    summary: "Create a module",
    description: "201 for a new module; 200 when the key exists with the same name; 409 with another name.",
    body: moduleUpsertInput,
    bodyExample: { key: "case-management", name: "Case Management" },
    responses: {
      201: { description: "Created", schema: moduleResponse },
      200: { description: "The key exists with the same name", schema: moduleResponse },
    },
    refusals: ["CONFLICT", "INVALID"],
    handle: async ({ db, actor, body }) => {
      const { module, created } = await upsertModule(db, actor, body);
      return json({ module }, created ? 201 : 200);
    },
  }),
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/organizations",
    operationId: "createOrganization",
    tag: "Organizations",
    description:
      "`siteId` is the vendor's own reference for the customer (e.g. the CRM's), unique when given; `timeZone` is an IANA zone name (Europe/Oslo), UTC by default.",
    summary: "Create an organization",
    body: organizationCreateInput,
    bodyExample: { name: "Fjord Legal", siteId: "FJORD-01" },
    responses: { 201: { description: "Created", schema: organizationResponse } },
    refusals: ["CONFLICT", "INVALID"],
    handle: async ({ db, actor, body }) => json({ organization: await createOrganization(db, actor, body) }, 201),
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/organizations/{id}/usage",
    operationId: "getOrganizationUsage",
    tag: "Organizations",
    description: "Every contract of the organization with its pools, in the shape of the client API's /license pools.",
    summary: "Every contract and pool of an organization",
    responses: { 200: { description: "The organization's contracts with their pools", schema: usageResponse } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params }) => json(await organizationUsageView(db, params.id)),
  }),
];
