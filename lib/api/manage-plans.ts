import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { plans } from "@/db/schema";
import { pageInput } from "@/lib/console/keyset";
import { planById, plansPage } from "@/lib/console/plan-records";
import { createPlan } from "@/lib/licensing/catalogue";
import { notFound } from "@/lib/licensing/errors";
import { renameModule, updatePlan } from "@/lib/licensing/plans";
import { moduleRenameInput, planCreateInput, planUpdateInput } from "@/lib/validation/licensing";
import { filterText } from "@/lib/validation/text";
import { etagHeader, etagOf, unlessIfMatches } from "./etag";
import { json, route } from "./route";
import { moduleResponse, nextCursor, when } from "./schemas";

// Plans (templates of pools per module) and module names, written and read back.

const count = z.number().int();
const planRecord = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    currency: z.string().nullable().describe("ISO 4217 code of its list prices"),
    createdAt: when,
    modules: z.array(
      z.object({
        module: z.string().describe("The module's key"),
        moduleName: z.string(),
        model: z.enum(["named", "concurrent"]),
        includedCapacity: count,
        maxCapacity: count.nullable(),
        activationsPerLicense: count,
        apiConnectsPerLicense: count,
        heartbeatSeconds: count,
        leaseDays: count,
        pricePerLicense: count.nullable().describe("Per licence per month, in minor units of the plan's currency"),
      }),
    ),
  })
  .meta({ id: "PlanRecord" });
const planResponse = z.object({ plan: planRecord });

const planExample = {
  name: "Professional",
  currency: "EUR",
  modules: [
    { module: "case-management", model: "concurrent", includedCapacity: 10, maxCapacity: 50, pricePerLicense: 4900 },
  ],
};

export const managePlanRoutes = [
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/plans",
    operationId: "createPlan",
    tag: "Plans",
    summary: "Create a plan",
    description:
      "A template of pools per module (model, included and maximum capacity, allowances, list price). Its name is unique in any case; list prices need its `currency` (ISO 4217).",
    body: planCreateInput,
    bodyExample: planExample,
    responses: { 201: { description: "Created", schema: planResponse } },
    refusals: ["CONFLICT", "INVALID"],
    handle: async ({ db, actor, body }) => {
      const { id } = await createPlan(db, actor, body);
      return json({ plan: await planById(db, id) }, 201);
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/plans",
    operationId: "listPlans",
    tag: "Plans",
    summary: "List the plans, newest first",
    description:
      "Each plan with its modules. Filter by `name` (exactly, any case). Keyset-paged: `limit` (1–100, 50) and `cursor` from the previous answer's `nextCursor`.",
    query: z.object({
      name: filterText(200).optional().describe("A plan name, exactly but in any case"),
      ...pageInput,
    }),
    responses: {
      200: { description: "One page of plans", schema: z.object({ plans: z.array(planRecord), nextCursor }) },
    },
    handle: async ({ db, query }) => {
      const page = await plansPage(db, query);
      return json({ plans: page.rows, nextCursor: page.nextCursor });
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/plans/{id}",
    operationId: "getPlan",
    tag: "Plans",
    summary: "Get a plan",
    description: "The plan with its modules; 404 for an id that isn't one.",
    responses: { 200: { description: "The plan", schema: planResponse, headers: { ETag: etagHeader } } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params }) => {
      const plan = await planById(db, params.id);
      if (!plan) throw notFound("The plan");
      return json({ plan }, 200, { ETag: etagOf(plan) });
    },
  }),
  route({
    audience: "manage",
    method: "patch",
    path: "/api/v1/manage/plans/{id}",
    operationId: "updatePlan",
    tag: "Plans",
    summary: "Change a plan",
    description:
      "Only the fields sent change; `modules` replaces the plan's whole template. Contracts made from the plan keep their pools; but a plan in use can't lose a module (409 PLAN_IN_USE naming them), only gain or change them.",
    body: planUpdateInput,
    bodyExample: { description: "For firms of 10–50 lawyers" },
    responses: { 200: { description: "Changed", schema: planResponse, headers: { ETag: etagHeader } } },
    refusals: ["NOT_FOUND", "CONFLICT", "INVALID", "PLAN_IN_USE", "PRECONDITION_FAILED"],
    ifMatch: true,
    handle: ({ db, actor, body, params, req }) =>
      db.transaction(async (tx) => {
        // The row's lock holds the version the If-Match names until this change commits.
        const [locked] = await tx.select({ id: plans.id }).from(plans).where(eq(plans.id, params.id)).for("update");
        const before = locked ? await planById(tx, params.id) : null;
        if (!before) throw notFound("The plan");
        const stale = unlessIfMatches(req, etagOf(before));
        if (stale) return stale;
        await updatePlan(tx, actor, params.id, body);
        const after = await planById(tx, params.id);
        return json({ plan: after }, 200, { ETag: etagOf(after) });
      }),
  }),
  route({
    audience: "manage",
    method: "patch",
    path: "/api/v1/manage/modules/{id}",
    operationId: "renameModule",
    tag: "Catalogue",
    summary: "Rename a module",
    description: "Its key, which clients and contracts use, stays.",
    body: moduleRenameInput,
    bodyExample: { name: "Case Management" },
    responses: { 200: { description: "Renamed", schema: moduleResponse } },
    refusals: ["NOT_FOUND", "INVALID"],
    handle: async ({ db, actor, body, params }) => json({ module: await renameModule(db, actor, params.id, body) }),
  }),
];
