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
  module: z.string().nullable().describe("The pool's module key"),
  moduleName: z.string().nullable().describe("The pool's module name"),
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
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next (older) page; null on the last"),
  previousCursor: z.string().nullable().describe("Pass as `after` for the previous (newer) page"),
});

const f = denialFilterInput.shape;
/** The filters named like the fields they filter; the first names stay as documented aliases. */
const denialListQuery = z.object({
  poolId: f.pool.describe("A licence pool's id"),
  code: f.code,
  username: f.user.describe("A username as the client sent it (any case), or a user's id"),
  deviceId: f.device.describe("A device id or fingerprint, exactly"),
  from: f.from,
  to: f.to,
  cursor: f.before.describe("The previous answer's nextCursor: rows older than it"),
  after: f.after.describe("The previous answer's previousCursor: rows newer than it (to page back)"),
  limit: z.coerce.number().int().min(1).max(100).default(50).describe("Rows per page, 1–100 (50)"),
  pool: f.pool.describe("Alias of poolId"),
  user: f.user.describe("Alias of username"),
  device: f.device.describe("Alias of deviceId"),
  before: f.before.describe("Alias of cursor"),
});

export const manageDenialRoutes = [
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/organizations/{id}/denials",
    operationId: "listDenials",
    tag: "Denials",
    summary: "Refused acquisitions of an organization, newest first",
    description:
      "Keyset-paged (`limit`, 50 by default): follow `nextCursor` with `cursor`. Filters: poolId, code, username (or a user's id), deviceId, from/to (UTC days, included). `pool`, `user`, `device` and `before` are the same filters' former names, still accepted.",
    query: denialListQuery,
    responses: { 200: { description: "One page of denials", schema: denialsResponse } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params, query }) => {
      if (!(await getOrganization(db, params.id))) throw notFound("The organization");
      const { limit, poolId, username, deviceId, cursor, pool, user, device, before, ...same } = query;
      const filter = {
        ...same,
        pool: poolId ?? pool,
        user: username ?? user,
        device: deviceId ?? device,
        before: cursor ?? before,
      };
      const page = await denialsPage(db, params.id, filter, limit);
      return json({
        denials: page.rows.map((r) => ({
          id: r.id,
          at: r.at,
          poolId: r.poolId,
          module: r.moduleKey,
          moduleName: r.moduleName,
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
