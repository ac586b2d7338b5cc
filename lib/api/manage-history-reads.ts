import "server-only";
import { z } from "zod";
import { auditKeysetPage, auditViews, VENDOR_LOG } from "@/lib/console/audit-queries";
import { denialFilterInput } from "@/lib/console/denials-queries";
import { usageHistory, usageRanges } from "@/lib/console/history-queries";
import { pageInputOf } from "@/lib/console/keyset";
import { organizationById } from "@/lib/console/manage-lists";
import { notFound } from "@/lib/licensing/errors";
import { json, route } from "./route";
import { nextCursor, when } from "./schemas";
import { filterText } from "@/lib/validation/text";

// The console's audit log (its two views and filters) and usage history (the series its charts
// draw), read through the management API with the console's own queries.

const auditEventRecord = z
  .object({
    id: z.number().int(),
    createdAt: when,
    actorType: z.enum(["account", "token", "system"]),
    actorLabel: z.string().describe("Which account, key or token acted"),
    action: z.string().describe("What happened, e.g. user.create, contract.update, session.end"),
    targetType: z.string(),
    targetId: z.string().nullable(),
    before: z.unknown().describe("The changed fields before (JSON), if any"),
    after: z.unknown().describe("The changed fields after (JSON), if any"),
  })
  .meta({ id: "AuditEventRecord" });

const text = (what: string) => filterText(200).optional().describe(what);
const auditQuery = z.object({
  view: z
    .enum(auditViews)
    .default("changes")
    .describe(
      "changes: what people and integrations changed (the default); activity: licensed applications' sessions and activations",
    ),
  actor: text("Part of the actor's label, any case"),
  action: text("An action, exactly (user.create)"),
  targetType: text("A target type, exactly (user, contract, profile…)"),
  targetId: text("A target's id, exactly"),
  from: denialFilterInput.shape.from,
  to: denialFilterInput.shape.to,
  ...pageInputOf("bigint"),
});

const auditPageResponse = z.object({ events: z.array(auditEventRecord), nextCursor });
const auditDescription =
  "The console's audit log: `view` changes (people's and integrations' changes, the default) or activity (licensed applications' traffic), filtered by `actor` (part of the label, any case), `action`, `targetType`, `targetId` and `from`/`to` (UTC days, included). Newest first, keyset-paged: `limit` (1–100, 50) and `cursor` from the previous answer's `nextCursor`.";

const point = z.object({
  t: when.describe("The bucket's start"),
  peak: z.number().nullable().describe("Most in use at once; null when nothing was sampled"),
  avg: z.number().nullable(),
  capacity: z.number().int().nullable(),
  denials: z.number().int(),
});
const poolHistory = z.object({
  poolId: z.uuid(),
  module: z.string().describe("The module's key"),
  moduleName: z.string(),
  model: z.enum(["named", "concurrent"]),
  capacity: z.number().int(),
  pricePerLicense: z.number().int().nullable(),
  currency: z.string().nullable(),
  points: z.array(point),
  summary: z
    .object({
      peak: z.number().nullable(),
      average: z.number().nullable(),
      capacity: z.number().int(),
      neverUsed: z.number().nullable(),
      daysAtLimit: z.number().int(),
      lowerTo: z.number().int().nullable(),
      verdict: z.enum(["no-data", "too-new", "over-provisioned", "at-limit", "fits"]),
      sentence: z.string(),
    })
    .describe("The console's right-sizing advice for the range"),
});
const usageHistoryResponse = z
  .object({ range: z.enum(usageRanges), from: when, to: when, pools: z.array(poolHistory) })
  .meta({ id: "UsageHistory" });

export const manageHistoryRoutes = [
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/organizations/{id}/audit-events",
    operationId: "listAuditEvents",
    tag: "Audit",
    summary: "An organization's audit log, newest first",
    description: auditDescription,
    query: auditQuery,
    responses: { 200: { description: "One page of events", schema: auditPageResponse } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params, query }) => {
      if (!(await organizationById(db, params.id))) throw notFound("The organization");
      const page = await auditKeysetPage(db, params.id, query);
      return json({ events: page.rows, nextCursor: page.nextCursor });
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/audit-events",
    operationId: "listVendorAuditEvents",
    tag: "Audit",
    summary: "The vendor's own audit log, newest first",
    description: `Events of no organization (catalogue, plans, organizations, operator tokens). ${auditDescription}`,
    query: auditQuery,
    responses: { 200: { description: "One page of events", schema: auditPageResponse } },
    handle: async ({ db, query }) => {
      const page = await auditKeysetPage(db, VENDOR_LOG, query);
      return json({ events: page.rows, nextCursor: page.nextCursor });
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/organizations/{id}/usage-history",
    operationId: "getUsageHistory",
    tag: "Organizations",
    summary: "An organization's usage history per pool",
    description:
      "The series the console's usage page charts: `range` 24h (10-minute buckets), 30d (days, the default) or 12mo (months), each bucket's peak, average, capacity and denials, oldest first (a bucket without samples has null peak), with the right-sizing advice per pool.",
    query: z.object({ range: z.enum(usageRanges).default("30d").describe("24h, 30d (default) or 12mo") }),
    responses: { 200: { description: "The pools' series", schema: usageHistoryResponse } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params, query }) => {
      if (!(await organizationById(db, params.id))) throw notFound("The organization");
      return json(await usageHistory(db, params.id, query.range));
    },
  }),
];
