import "server-only";
import { z } from "zod";
import { getOrganization } from "@/lib/console/queries";
import { listBorrows, revokeBorrow } from "@/lib/licensing/borrow-admin";
import { notFound } from "@/lib/licensing/errors";
import { VENDOR } from "@/lib/licensing/input";
import { json, route } from "./route";

const borrowRecord = z
  .object({
    id: z.uuid(),
    sessionId: z.uuid(),
    contractId: z.uuid(),
    module: z.string(),
    moduleName: z.string(),
    deviceId: z.string(),
    username: z.string().nullable(),
    hours: z.number().int(),
    startedAt: z.string(),
    expiresAt: z.string(),
    isLive: z.boolean().describe("The seat is still borrowed"),
    endedAt: z.string().nullable(),
    endReason: z
      .string()
      .nullable()
      .describe("returned, borrow_expired, borrow_revoked, or why its session ended otherwise"),
  })
  .meta({ id: "BorrowRecord" });

const borrowListQuery = z.object({
  status: z.enum(["live", "all"], { message: "The status must be live or all" }).default("live"),
});

export const manageBorrowRoutes = [
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/organizations/{id}/borrows",
    operationId: "listBorrows",
    tag: "Borrowing",
    summary: "Borrowed seats of an organization, newest first",
    description: "The live borrows by default; `status=all` lists ended ones too (at most 500).",
    query: borrowListQuery,
    responses: { 200: { description: "The borrows", schema: z.object({ borrows: z.array(borrowRecord) }) } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params, query }) => {
      if (!(await getOrganization(db, params.id))) throw notFound("The organization");
      return json({ borrows: await listBorrows(db, params.id, { all: query.status === "all" }) });
    },
  }),
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/borrows/{id}/revoke",
    operationId: "revokeBorrow",
    tag: "Borrowing",
    summary: "Revoke a borrowed seat",
    description:
      "Ends the borrowed session (reason `borrow_revoked`) and frees its seat at once; the device's lease token stays valid offline until its `exp`, so keep borrows short where that matters. Revoking a borrow that already ended changes nothing (`revoked: false`).",
    unknownId: "BORROW_NOT_FOUND",
    responses: {
      200: {
        description: "Revoked, or already ended",
        schema: z.object({ revoked: z.boolean(), borrow: borrowRecord }),
      },
    },
    refusals: ["BORROW_NOT_FOUND"],
    handle: async ({ db, actor, params }) => json(await revokeBorrow(db, actor, params.id, VENDOR)),
  }),
];
