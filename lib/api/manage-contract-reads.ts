import "server-only";
import { z } from "zod";
import { contractById, contractsPage } from "@/lib/console/contract-records";
import { pageInput } from "@/lib/console/keyset";
import { notFound } from "@/lib/licensing/errors";
import { moduleKey } from "@/lib/validation/licensing";
import { etagHeader, etagOf } from "./etag";
import { json, route } from "./route";
import { contractRecord, contractResponse, nextCursor } from "./schemas";

const contractListQuery = z.object({
  organizationId: z.uuid().optional().describe("Contracts of this organization"),
  status: contractRecord.shape.status.optional().describe("Contracts with this status, as people see it"),
  module: moduleKey.optional().describe("Contracts with a pool of this module (its key)"),
  ...pageInput,
});

export const manageContractReadRoutes = [
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/contracts",
    operationId: "listContracts",
    tag: "Contracts",
    summary: "List contracts with their pools, newest first",
    description:
      "Filter by `organizationId`, `status` (active, upcoming, suspended or expired: an active contract before its first day is upcoming, after its last expired) and `module` (a pool of that module's key). Keyset-paged: `limit` (1–100, 50) and `cursor` from the previous answer's `nextCursor`.",
    query: contractListQuery,
    responses: {
      200: {
        description: "One page of contracts",
        schema: z.object({ contracts: z.array(contractRecord), nextCursor }),
      },
    },
    handle: async ({ db, query }) => {
      const page = await contractsPage(db, query);
      return json({ contracts: page.rows, nextCursor: page.nextCursor });
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/contracts/{id}",
    operationId: "getContract",
    tag: "Contracts",
    summary: "Get a contract with its pools",
    description:
      "The contract's status as people see it, its dates, plan, currency and pools; 404 for an id that isn't one.",
    responses: { 200: { description: "The contract", schema: contractResponse, headers: { ETag: etagHeader } } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params }) => {
      const contract = await contractById(db, params.id);
      if (!contract) throw notFound("The contract");
      return json({ contract }, 200, { ETag: etagOf(contract) });
    },
  }),
];
