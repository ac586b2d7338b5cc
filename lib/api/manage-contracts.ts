import "server-only";
import { eq } from "drizzle-orm";
import { contracts } from "@/db/schema";
import { contractById, poolByModule } from "@/lib/console/contract-records";
import { notFound } from "@/lib/licensing/errors";
import { revokeContractApiKey } from "@/lib/http/api-keys";
import {
  cancelScheduledDecrease,
  createContract,
  scheduleCapacityDecrease,
  updateContract,
  updatePool,
} from "@/lib/licensing/contracts";
import { createApiKey } from "@/lib/licensing/tokens";
import { VENDOR } from "@/lib/licensing/input";
import {
  contractCreateInput,
  contractUpdateInput,
  poolUpdateInput,
  scheduledDecreaseInput,
} from "@/lib/validation/licensing";
import { apiKeyCreateInput } from "@/lib/validation/tokens";
import { etagHeader, etagOf, unlessIfMatches } from "./etag";
import { json, noContent, route } from "./route";
import {
  apiKeyResponse,
  contractChangedResponse,
  contractResponse,
  exampleOrganization,
  poolResponse,
} from "./schemas";

export const manageContractRoutes = [
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/contracts",
    operationId: "createContract",
    tag: "Contracts",
    summary: "Create a contract with its pools",
    description:
      "Prices: `currency` is an ISO 4217 code; each pool's `pricePerLicense` is per licence per month in that currency's minor units (4900 EUR = 49.00 €). A plan's list prices apply when the contract is in the plan's currency.",
    body: contractCreateInput,
    bodyExample: {
      organizationId: exampleOrganization.id,
      endsAt: "2027-12-31",
      currency: "EUR",
      pools: [
        { module: "case-management", model: "concurrent", capacity: 10, heartbeatSeconds: 300, pricePerLicense: 4900 },
      ],
    },
    responses: { 201: { description: "Created", schema: contractResponse } },
    refusals: ["NOT_FOUND", "CONFLICT", "INVALID"],
    handle: async ({ db, actor, body }) => {
      const { id } = await createContract(db, actor, body);
      return json({ contract: await contractById(db, id) }, 201);
    },
  }),
  route({
    audience: "manage",
    method: "patch",
    path: "/api/v1/manage/contracts/{id}",
    operationId: "updateContract",
    tag: "Contracts",
    description:
      "Suspending ends the contract's sessions; `endsAt` (YYYY-MM-DD, the last day included) may be null for an open end.",
    summary: "Change a contract's status, end date or currency",
    body: contractUpdateInput,
    bodyExample: { status: "suspended" },
    responses: { 200: { description: "Changed", schema: contractChangedResponse, headers: { ETag: etagHeader } } },
    refusals: ["NOT_FOUND", "INVALID", "PRECONDITION_FAILED"],
    ifMatch: true,
    handle: ({ db, actor, body, params, req }) =>
      db.transaction(async (tx) => {
        // The row's lock holds the version the If-Match names until this change commits.
        const [locked] = await tx
          .select({ id: contracts.id })
          .from(contracts)
          .where(eq(contracts.id, params.id))
          .for("update");
        const before = locked ? await contractById(tx, params.id) : null;
        if (!before) throw notFound("The contract");
        const stale = unlessIfMatches(req, etagOf(before));
        if (stale) return stale;
        const { sessionsEnded } = await updateContract(tx, actor, params.id, body, VENDOR);
        const after = await contractById(tx, params.id);
        return json({ contract: { ...after, sessionsEnded } }, 200, { ETag: etagOf(after) });
      }),
  }),
  route({
    audience: "manage",
    method: "patch",
    path: "/api/v1/manage/contracts/{id}/pools/{module}",
    operationId: "updatePool",
    tag: "Contracts",
    summary: "Change a pool's capacity, bounds, allowances and price",
    description:
      "`pricePerLicense` is per licence per month in minor units of the contract's currency; null removes it. Concurrent pools only (a named pool refuses them with 422 INVALID): `idleTimeoutMinutes`, `reservations`, and borrowing, `maxBorrowHours` (0 = off, the default) with `borrowPercent` (the share of the capacity that may be borrowed at once, 100 by default). Named pools only (a concurrent pool refuses it with 422 INVALID): `autoReclaimDays` (8 to 3,650, null = off, the default) revokes the credentials of a seat holder who has not used the module for that many days, after a notice to the admins a week before; each is sent as `seat.freed` with reason `reclaimed`.",
    body: poolUpdateInput,
    bodyExample: { capacity: 12 },
    responses: { 200: { description: "Changed", schema: poolResponse } },
    refusals: ["NOT_FOUND", "CAPACITY_BELOW_USAGE", "CAPACITY_OUT_OF_BOUNDS", "INVALID"],
    handle: async ({ db, actor, body, params }) => {
      await updatePool(db, actor, params.id, params.module, body, VENDOR);
      return json({ pool: await poolByModule(db, params.id, params.module) });
    },
  }),
  route({
    audience: "manage",
    method: "put",
    path: "/api/v1/manage/contracts/{id}/pools/{module}/scheduled-decrease",
    operationId: "scheduleCapacityDecrease",
    tag: "Contracts",
    summary: "Schedule a pool's capacity decrease for renewal, or change the one scheduled",
    description:
      "The decrease takes effect on the contract's end date (`scheduledCapacity`, `scheduledCapacityAt` on the pool); a pool already holding more than it then is refused at that date and keeps its capacity. The capacity must be below the current one and within the pool's bounds; a perpetual contract has no date to schedule for (422 INVALID). Sending it again replaces the scheduled capacity.",
    body: scheduledDecreaseInput,
    bodyExample: { capacity: 8 },
    responses: { 200: { description: "Scheduled", schema: poolResponse } },
    refusals: ["NOT_FOUND", "CAPACITY_OUT_OF_BOUNDS", "INVALID"],
    handle: async ({ db, actor, body, params }) =>
      json({ pool: await scheduleCapacityDecrease(db, actor, params.id, params.module, body.capacity, VENDOR) }),
  }),
  route({
    audience: "manage",
    method: "delete",
    path: "/api/v1/manage/contracts/{id}/pools/{module}/scheduled-decrease",
    operationId: "cancelScheduledDecrease",
    tag: "Contracts",
    summary: "Cancel a pool's scheduled capacity decrease",
    description: "The pool keeps its capacity at renewal. A pool with no decrease scheduled answers 404 NOT_FOUND.",
    responses: { 204: { description: "Cancelled" } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, actor, params }) => {
      await cancelScheduledDecrease(db, actor, params.id, params.module, VENDOR);
      return noContent();
    },
  }),
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/contracts/{id}/api-keys",
    operationId: "createApiKey",
    tag: "Contracts",
    summary: "Create a contract API key",
    description: "The secret is in this answer only.",
    body: apiKeyCreateInput,
    bodyExample: { name: "Desktop app" },
    responses: { 201: { description: "Created", schema: apiKeyResponse } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, actor, body, params }) => {
      const { apiKey, secret } = await createApiKey(db, actor, params.id, body.name);
      return json({ apiKey: { id: apiKey.id, name: apiKey.name }, secret }, 201);
    },
  }),
  route({
    audience: "manage",
    method: "delete",
    path: "/api/v1/manage/api-keys/{id}",
    operationId: "revokeApiKey",
    tag: "Contracts",
    summary: "Revoke a contract API key",
    description: "The key answers 401 from then on.",
    responses: { 204: { description: "Revoked" } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, actor, params }) => {
      await revokeContractApiKey(db, actor, params.id);
      return noContent();
    },
  }),
];
