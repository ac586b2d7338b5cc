import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import { users, type User } from "@/db/schema";
import type { Executor } from "@/db/client";
import { transactRecordingDenials } from "@/lib/licensing/denials";
import { scimJson } from "./errors";
import { parseFilter } from "./filter";
import { readPatch, readUser } from "./input";
import { listResponse, projection, readPage } from "./paging";
import { assertVersion, project, userResource, versionOf } from "./resources";
import { read, type ScimRoute } from "./routes";
import {
  createScimUser,
  deleteScimUser,
  groupsOfUsers,
  loadUser,
  patchScimUser,
  replaceScimUser,
  userConditions,
} from "./users";

async function resourceOf(ex: Executor, user: User, base: string) {
  const groups = (await groupsOfUsers(ex, [user.id])).get(user.id) ?? [];
  return userResource(user, groups, base);
}

const withVersion =
  (user: User, status = 200, extra: Record<string, string> = {}) =>
  (body: unknown) =>
    scimJson(body, status, { etag: versionOf(user.updatedAt), ...extra });

function changeSummary(before: User, after: User, sessionsEnded: number) {
  const parts: string[] = [];
  if (before.username !== after.username) parts.push(`renamed ${before.username} to ${after.username}`);
  if (before.email !== after.email) parts.push(`email ${after.email}`);
  if (before.externalId !== after.externalId) parts.push(`externalId ${after.externalId ?? "removed"}`);
  if (before.status !== after.status)
    parts.push(
      after.status === "active" ? "activated" : `deactivated: seats freed, ${sessionsEnded} live sessions ended`,
    );
  return `User ${after.username}: ${parts.join("; ") || "sign-in restored"}.`;
}

export const userRoutes: ScimRoute[] = [
  {
    method: "GET",
    path: "/Users",
    handle: async ({ db, actor, base }, _params, query) => {
      const equalities = parseFilter("User", query.get("filter") ?? undefined) ?? [];
      const page = readPage(query);
      const where = and(eq(users.organizationId, actor.organizationId), ...userConditions(equalities));
      const [{ total }] = (await db.select({ total: count() }).from(users).where(where)) as [{ total: number }];
      const rows =
        page.count === 0
          ? []
          : await db
              .select()
              .from(users)
              .where(where)
              .orderBy(asc(users.createdAt), asc(users.id))
              .offset(page.offset)
              .limit(page.count);
      const groups = await groupsOfUsers(
        db,
        rows.map((u) => u.id),
      );
      const resources = rows.map((u) => project(userResource(u, groups.get(u.id) ?? [], base), projection(query)));
      return read(scimJson(listResponse(resources, Number(total), page)));
    },
  },
  {
    method: "GET",
    path: "/Users/:id",
    handle: async ({ db, actor, base }, { id }, query) => {
      const user = await loadUser(db, actor.organizationId, id!);
      return read(withVersion(user)(project(await resourceOf(db, user, base), projection(query))));
    },
  },
  {
    method: "POST",
    path: "/Users",
    handle: async ({ db, actor, base, body }) => {
      const input = readUser(await body());
      const { user, resource } = await transactRecordingDenials(db, actor, async (tx) => {
        const user = await createScimUser(tx, actor, input);
        return { user, resource: await resourceOf(tx, user, base) };
      });
      return {
        response: withVersion(user, 201, { location: resource.meta.location })(resource),
        log: {
          outcome: "changed",
          summary: `Created user ${user.username} (${user.status}).`,
          details: { userId: user.id },
        },
      };
    },
  },
  {
    method: "PUT",
    path: "/Users/:id",
    handle: async ({ db, actor, base, body }, { id }, _query, headers) => {
      const input = readUser(await body());
      return transactRecordingDenials(db, actor, async (tx) => {
        const before = await loadUser(tx, actor.organizationId, id!);
        assertVersion(before.updatedAt, headers.get("if-match"));
        const { user, changed, sessionsEnded } = await replaceScimUser(tx, actor, before, input);
        return {
          response: withVersion(user)(await resourceOf(tx, user, base)),
          log: changed
            ? {
                outcome: "changed",
                summary: changeSummary(before, user, sessionsEnded ?? 0),
                details: { userId: user.id },
              }
            : { outcome: "unchanged", summary: `User ${user.username}: no change.` },
        };
      });
    },
  },
  {
    method: "PATCH",
    path: "/Users/:id",
    handle: async ({ db, actor, base, body }, { id }, _query, headers) => {
      const operations = readPatch(await body());
      return transactRecordingDenials(db, actor, async (tx) => {
        const before = await loadUser(tx, actor.organizationId, id!);
        assertVersion(before.updatedAt, headers.get("if-match"));
        const { user, changed, sessionsEnded } = await patchScimUser(tx, actor, before, operations, base);
        return {
          response: withVersion(user)(await resourceOf(tx, user, base)),
          log: changed
            ? {
                outcome: "changed",
                summary: changeSummary(before, user, sessionsEnded ?? 0),
                details: { userId: user.id, operations },
              }
            : { outcome: "unchanged", summary: `User ${user.username}: no change.`, details: { operations } },
        };
      });
    },
  },
  {
    method: "DELETE",
    path: "/Users/:id",
    handle: async ({ db, actor }, { id }, _query, headers) =>
      transactRecordingDenials(db, actor, async (tx) => {
        const user = await loadUser(tx, actor.organizationId, id!);
        assertVersion(user.updatedAt, headers.get("if-match"));
        const { sessionsEnded } = await deleteScimUser(tx, actor, user);
        return {
          response: new Response(null, { status: 204 }),
          log: {
            outcome: "changed",
            summary: `Deleted user ${user.username}: seats freed, ${sessionsEnded} live sessions ended.`,
            details: { userId: user.id },
          },
        };
      }),
  },
];
