import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { organizations } from "@/db/schema";
import { organizationById } from "@/lib/console/manage-lists";
import { organizationUsageView } from "@/lib/http/views";
import { createOrganization, updateOrganization, upsertModule } from "@/lib/licensing/catalogue";
import { notFound } from "@/lib/licensing/errors";
import { usageResponse } from "@/lib/validation/api-responses";
import { moduleUpsertInput, organizationCreateInput, organizationUpdateInput } from "@/lib/validation/licensing";
import { etagHeader, etagOf, unlessIfMatches } from "./etag";
import { json, route } from "./route";
import { exampleOrganization, moduleResponse, organizationRecord, organizationResponse } from "./schemas";

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
    bodyExample: { name: exampleOrganization.name, siteId: exampleOrganization.siteId, timeZone: "Europe/Oslo" },
    responses: {
      201: { description: "Created", schema: organizationResponse, example: { organization: exampleOrganization } },
    },
    refusals: ["CONFLICT", "INVALID"],
    handle: async ({ db, actor, body }) => json({ organization: await createOrganization(db, actor, body) }, 201),
  }),
  route({
    audience: "manage",
    method: "patch",
    path: "/api/v1/manage/organizations/{id}",
    operationId: "updateOrganization",
    tag: "Organizations",
    summary: "Change an organization's name, site ID or time zone",
    description:
      "Only the fields sent change. `siteId` stays unique (409 CONFLICT when another organization has it). A new `timeZone` keeps the contracts' days: a start, end or scheduled decrease on a day (midnight in the old zone) moves to that day's midnight in the new zone.",
    body: organizationUpdateInput,
    bodyExample: { name: `${exampleOrganization.name} AS` },
    responses: {
      200: {
        description: "Changed",
        schema: z.object({ organization: organizationRecord }),
        headers: { ETag: etagHeader },
      },
    },
    refusals: ["NOT_FOUND", "CONFLICT", "INVALID", "PRECONDITION_FAILED"],
    ifMatch: true,
    handle: ({ db, actor, body, params, req }) =>
      db.transaction(async (tx) => {
        // The row's lock holds the version the If-Match names until this change commits.
        const [locked] = await tx
          .select({ id: organizations.id })
          .from(organizations)
          .where(eq(organizations.id, params.id))
          .for("update");
        const before = locked ? await organizationById(tx, params.id) : null;
        if (!before) throw notFound("The organization");
        const stale = unlessIfMatches(req, etagOf(before));
        if (stale) return stale;
        await updateOrganization(tx, actor, params.id, body);
        const after = await organizationById(tx, params.id);
        return json({ organization: after }, 200, { ETag: etagOf(after) });
      }),
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
