import "server-only";
import { z } from "zod";
import { getOrganization } from "@/lib/console/queries";
import { denialFilterInput, denialsPage } from "@/lib/console/denials-queries";
import { notFound } from "@/lib/licensing/errors";
import { json, route } from "./route";

const denialResponse = z.object({
  id: z.number().int(),
  at: z.string().describe("When, to the microsecond (UTC)"),
  poolId: z.uuid().nullable(),
  module: z.string().nullable().describe("The pool's module name"),
  kind: z.enum(["session", "activation", "api_connect", "seat", "capacity"]),
  code: z.string(),
  message: z.string().describe("The sentence the client got"),
  userId: z.uuid().nullable(),
  username: z.string().nullable(),
  deviceId: z.string().nullable(),
  clientType: z.string().nullable(),
  actor: z.string().describe("Which key, token or account asked"),
});

const denialsResponse = z.object({
  denials: z.array(denialResponse),
  nextCursor: z.string().nullable().describe("Pass as `before` for the next (older) page; null on the last"),
  previousCursor: z.string().nullable().describe("Pass as `after` for the previous (newer) page"),
});

export const manageDenialRoutes = [
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/organizations/{id}/denials",
    summary: "Refused acquisitions of an organization, newest first",
    description:
      "50 a page, keyset-paged: follow `nextCursor` with `before`. Filters: pool, code, user (id or username), device, from/to (UTC days, included).",
    query: denialFilterInput,
    responses: { 200: { description: "One page of denials", schema: denialsResponse } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params, query }) => {
      if (!(await getOrganization(db, params.id!))) throw notFound("The organization");
      const page = await denialsPage(db, params.id!, query);
      return json({
        denials: page.rows.map((r) => ({
          id: r.id,
          at: r.at,
          poolId: r.poolId,
          module: r.moduleName,
          kind: r.kind,
          code: r.code,
          message: r.message,
          userId: r.userId,
          username: r.username,
          deviceId: r.deviceId,
          clientType: r.clientType,
          actor: r.actor,
        })),
        nextCursor: page.nextCursor,
        previousCursor: page.previousCursor,
      });
    },
  }),
];
