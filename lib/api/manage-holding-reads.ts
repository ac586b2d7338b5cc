import "server-only";
import { z } from "zod";
import type { Database } from "@/db/client";
import { activationsPage, liveSessionsPage } from "@/lib/console/holding-records";
import { pageInput } from "@/lib/console/keyset";
import { revokeActivation } from "@/lib/licensing/activations";
import { notFound } from "@/lib/licensing/errors";
import { endSessionByAdmin } from "@/lib/licensing/sessions/end-by-admin";
import { VENDOR } from "@/lib/licensing/input";
import { clientTypes, moduleKey, platforms } from "@/lib/validation/licensing";
import { json, route, type QueryOf } from "./route";
import { nextCursor, when } from "./schemas";
import { filterText } from "@/lib/validation/text";

// A contract's live sessions and device activations, and the administrator's two remedies the
// console offers too: end a stuck session, revoke a device.

/** What a session and an activation both say: the holding, its contract, pool, module and user. */
const holding = {
  id: z.uuid(),
  contractId: z.uuid(),
  poolId: z.uuid(),
  module: z.string().describe("The module's key"),
  moduleName: z.string(),
  userId: z.uuid().nullable(),
  username: z.string().nullable(),
};

const sessionRecord = z
  .object({
    ...holding,
    clientType: z.enum(clientTypes),
    deviceId: z.string(),
    weight: z.number().int().describe("Seats it holds"),
    startedAt: when,
    lastHeartbeatAt: when,
    expiresAt: when.describe("It stops counting then unless a heartbeat comes first"),
    idleSince: when.nullable(),
  })
  .meta({ id: "SessionRecord" });

const leaseStates = ["valid", "expiring", "grace", "lapsed"] as const;

const activationRecord = z
  .object({
    ...holding,
    fingerprint: z.string(),
    platform: z.enum(platforms),
    name: z.string().nullable(),
    activatedAt: when,
    lastRefreshedAt: when,
    leaseExpiresAt: when,
    leaseState: z.enum(leaseStates).describe("valid, expiring (renewal due), grace (expired, still counted), lapsed"),
    offline: z.boolean().describe("Activated offline with a device key"),
  })
  .meta({ id: "ActivationRecord" });

const sessionListQuery = z.object({
  module: moduleKey.optional().describe("Sessions of this module (its key)"),
  clientType: z.enum(clientTypes).optional(),
  userId: z.uuid().optional(),
  deviceId: filterText(200).optional().describe("A device id, exactly"),
  ...pageInput,
});
const activationListQuery = z.object({
  module: moduleKey.optional().describe("Activations of this module (its key)"),
  platform: z.enum(platforms).optional(),
  state: z.enum(leaseStates).optional().describe("The lease's state"),
  userId: z.uuid().optional(),
  ...pageInput,
});

const paged = "Keyset-paged: `limit` (1–100, 50) and `cursor` from the previous answer's `nextCursor`.";

/** A contract's holdings of one kind, a page at a time; NOT_FOUND unless the contract exists (the page says). */
function contractHoldingsRoute<Q extends z.ZodObject>(list: {
  key: "sessions" | "activations";
  operationId: string;
  summary: string;
  description: string;
  query: Q;
  record: z.ZodType;
  answer: string;
  page: (
    db: Database,
    contractId: string,
    query: QueryOf<Q>,
  ) => Promise<{ rows: unknown[]; nextCursor: string | null } | null>;
}) {
  return route({
    audience: "manage",
    method: "get",
    path: `/api/v1/manage/contracts/{id}/${list.key}` as const,
    operationId: list.operationId,
    tag: "Holdings",
    summary: list.summary,
    description: list.description,
    query: list.query,
    responses: {
      200: {
        description: list.answer,
        schema: z.object({ [list.key]: z.array(list.record), nextCursor }),
      },
    },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params, query }) => {
      const page = await list.page(db, params.id, query);
      if (!page) throw notFound("The contract");
      return json({ [list.key]: page.rows, nextCursor: page.nextCursor });
    },
  });
}

export const manageHoldingRoutes = [
  contractHoldingsRoute({
    key: "sessions",
    operationId: "listSessions",
    summary: "List a contract's live sessions, newest first",
    description: `Sessions that count now (their expiry ahead), as the console's sessions page shows them. Filter by \`module\`, \`clientType\`, \`userId\` and \`deviceId\`. ${paged}`,
    query: sessionListQuery,
    record: sessionRecord,
    answer: "One page of live sessions",
    page: liveSessionsPage,
  }),
  route({
    audience: "manage",
    method: "delete",
    path: "/api/v1/manage/sessions/{id}",
    operationId: "endSession",
    tag: "Holdings",
    summary: "End a live session",
    description:
      "As an administrator ends a stuck session in the console (reason ended_by_admin): its seats return at once. `ended` is false when it had already ended.",
    responses: { 200: { description: "Ended", schema: z.object({ ended: z.boolean() }) } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, actor, params }) => json(await endSessionByAdmin(db, actor, params.id, VENDOR)),
  }),
  contractHoldingsRoute({
    key: "activations",
    operationId: "listActivations",
    summary: "List a contract's device activations, newest first",
    description: `Activations not revoked (lapsed leases included), as the console's devices page shows them. Filter by \`module\`, \`platform\`, \`state\` (the lease's) and \`userId\`. ${paged}`,
    query: activationListQuery,
    record: activationRecord,
    answer: "One page of activations",
    page: activationsPage,
  }),
  route({
    audience: "manage",
    method: "delete",
    path: "/api/v1/manage/activations/{id}",
    operationId: "revokeActivation",
    tag: "Holdings",
    summary: "Revoke a device activation",
    description:
      "As an administrator revokes a device in the console: it stops counting at once. `revoked` is false when it had already ended.",
    responses: { 200: { description: "Revoked", schema: z.object({ revoked: z.boolean() }) } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, actor, params }) => json(await revokeActivation(db, actor, params.id, VENDOR)),
  }),
];
