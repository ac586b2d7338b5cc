import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import { directoryGroups, profiles, type DirectoryGroup } from "@/db/schema";
import type { Executor } from "@/db/client";
import { transactRecordingDenials } from "@/lib/licensing/denials";
import { scimJson } from "./errors";
import { parseFilter } from "./filter";
import { applyGroupPatch, type GroupState } from "./group-patch";
import {
  createScimGroup,
  deleteScimGroup,
  groupConditions,
  loadGroup,
  membersOfGroups,
  replaceScimGroup,
  type MembershipChange,
} from "./groups";
import { readGroup, readPatch } from "./input";
import { listResponse, projection, readPage } from "./paging";
import { assertVersion, groupResource, project, versionOf } from "./resources";
import { read, type ScimRoute } from "./routes";
import type { ScimActor } from "./actor";
import type { Tx } from "@/db/client";

const wantsMembers = (query: URLSearchParams) => {
  const { attributes, excludedAttributes } = projection(query);
  if (attributes) return /(^|,)\s*members/i.test(attributes);
  return !/(^|,)\s*members/i.test(excludedAttributes ?? "");
};

async function resourceOf(ex: Executor, group: DirectoryGroup, base: string) {
  const members = (await membersOfGroups(ex, [group.id])).get(group.id) ?? [];
  return groupResource(group, members, base);
}

const withVersion =
  (group: DirectoryGroup, status = 200, extra: Record<string, string> = {}) =>
  (body: unknown) =>
    scimJson(body, status, { etag: versionOf(group.updatedAt), ...extra });

function membersSummary(m: MembershipChange) {
  if (m.added.length + m.removed.length === 0) return "";
  return ` ${m.added.length} members added, ${m.removed.length} removed; ${m.profileChanges} users' profiles changed${m.sessionsEnded ? `, ${m.sessionsEnded} live sessions ended` : ""}.`;
}

/** PUT and PATCH: the group as the directory now says, written as one change. */
async function replaceWith(
  tx: Tx,
  actor: ScimActor,
  base: string,
  id: string,
  ifMatch: string | null,
  wanted: (state: GroupState) => GroupState,
) {
  const before = await loadGroup(tx, actor.organizationId, id);
  assertVersion(before.updatedAt, ifMatch);
  const current = new Set(((await membersOfGroups(tx, [before.id])).get(before.id) ?? []).map((m) => m.id));
  const state = wanted({ displayName: before.displayName, externalId: before.externalId, memberIds: current });
  const { group, renamed, members } = await replaceScimGroup(tx, actor, before, current, state);
  const what = `${renamed ? ` Renamed from "${before.displayName}" (its profile link stays).` : ""}${membersSummary(members)}`;
  return {
    response: withVersion(group)(await resourceOf(tx, group, base)),
    log: what
      ? {
          outcome: "changed" as const,
          summary: `Group "${group.displayName}":${what}`,
          details: { groupId: group.id, added: members.added, removed: members.removed },
        }
      : { outcome: "unchanged" as const, summary: `Group "${group.displayName}": no change.` },
  };
}

export const groupRoutes: ScimRoute[] = [
  {
    method: "GET",
    path: "/Groups",
    handle: async ({ db, actor, base }, _params, query) => {
      const equalities = parseFilter("Group", query.get("filter") ?? undefined) ?? [];
      const page = readPage(query);
      const where = and(eq(directoryGroups.organizationId, actor.organizationId), ...groupConditions(equalities));
      const [{ total }] = (await db.select({ total: count() }).from(directoryGroups).where(where)) as [
        { total: number },
      ];
      const rows =
        page.count === 0
          ? []
          : await db
              .select()
              .from(directoryGroups)
              .where(where)
              .orderBy(asc(directoryGroups.createdAt), asc(directoryGroups.id))
              .offset(page.offset)
              .limit(page.count);
      // Directories list groups without members (Entra ID asks excludedAttributes=members): they are not read then.
      const members = wantsMembers(query)
        ? await membersOfGroups(
            db,
            rows.map((g) => g.id),
          )
        : new Map();
      const resources = rows.map((g) => project(groupResource(g, members.get(g.id) ?? [], base), projection(query)));
      return read(scimJson(listResponse(resources, Number(total), page)));
    },
  },
  {
    method: "GET",
    path: "/Groups/:id",
    handle: async ({ db, actor, base }, { id }, query) => {
      const group = await loadGroup(db, actor.organizationId, id!);
      const resource = wantsMembers(query) ? await resourceOf(db, group, base) : groupResource(group, [], base);
      return read(withVersion(group)(project(resource, projection(query))));
    },
  },
  {
    method: "POST",
    path: "/Groups",
    handle: async ({ db, actor, base, body }) => {
      const input = readGroup(await body());
      return transactRecordingDenials(db, actor, async (tx) => {
        const { group, profile, members } = await createScimGroup(tx, actor, input);
        const resource = await resourceOf(tx, group, base);
        const link = profile.created
          ? `a new profile "${profile.name}" with no modules`
          : `the profile "${profile.name}"`;
        return {
          response: withVersion(group, 201, { location: resource.meta.location })(resource),
          log: {
            outcome: "changed",
            summary: `Created group "${group.displayName}", linked to ${link}.${membersSummary(members)}`,
            details: { groupId: group.id, profileId: profile.id, added: members.added },
          },
        };
      });
    },
  },
  {
    method: "PUT",
    path: "/Groups/:id",
    handle: async ({ db, actor, base, body }, { id }, _query, headers) => {
      const input = readGroup(await body());
      return transactRecordingDenials(db, actor, (tx) =>
        replaceWith(tx, actor, base, id!, headers.get("if-match"), (state) => ({
          displayName: input.displayName,
          externalId: input.externalId,
          memberIds: input.memberIds ? new Set(input.memberIds) : state.memberIds,
        })),
      );
    },
  },
  {
    method: "PATCH",
    path: "/Groups/:id",
    handle: async ({ db, actor, base, body }, { id }, _query, headers) => {
      const operations = readPatch(await body());
      return transactRecordingDenials(db, actor, (tx) =>
        replaceWith(tx, actor, base, id!, headers.get("if-match"), (state) => applyGroupPatch(state, operations)),
      );
    },
  },
  {
    method: "DELETE",
    path: "/Groups/:id",
    handle: async ({ db, actor }, { id }, _query, headers) =>
      transactRecordingDenials(db, actor, async (tx) => {
        const group = await loadGroup(tx, actor.organizationId, id!);
        assertVersion(group.updatedAt, headers.get("if-match"));
        const members = (await membersOfGroups(tx, [group.id])).get(group.id) ?? [];
        const [profile] = group.profileId
          ? await tx.select({ name: profiles.name }).from(profiles).where(eq(profiles.id, group.profileId))
          : [];
        await deleteScimGroup(tx, actor, group, members.length);
        return {
          response: new Response(null, { status: 204 }),
          log: {
            outcome: "changed",
            summary: profile
              ? `Deleted group "${group.displayName}": profile "${profile.name}" unlinked; its ${members.length} members keep that profile until their next change.`
              : `Deleted group "${group.displayName}" (it was linked to no profile).`,
            details: { groupId: group.id, members: members.map((m) => m.id) },
          },
        };
      }),
  },
];
