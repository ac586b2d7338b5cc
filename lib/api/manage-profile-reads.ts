import "server-only";
import { z } from "zod";
import { pageInput } from "@/lib/console/keyset";
import { organizationById } from "@/lib/console/manage-lists";
import { profileById, profilesPage } from "@/lib/console/profile-records";
import { notFound } from "@/lib/licensing/errors";
import { deleteProfile } from "@/lib/licensing/profiles";
import { VENDOR } from "@/lib/licensing/input";
import { json, route } from "./route";
import { nextCursor, when } from "./schemas";
import { filterText } from "@/lib/validation/text";

const profileRecord = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    name: z.string(),
    precedence: z.number().int().nullable().describe("The order among directory-linked profiles; null last"),
    modules: z.array(z.string()).describe("The keys of the modules it grants"),
    members: z.number().int().describe("Its users"),
    createdAt: when,
  })
  .meta({ id: "ProfileRecord" });

const profileListQuery = z.object({
  name: filterText(200).optional().describe("A profile name, exactly but in any case"),
  ...pageInput,
});

export const manageProfileReadRoutes = [
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/organizations/{id}/profiles",
    operationId: "listProfiles",
    tag: "People",
    summary: "List an organization's profiles, newest first",
    description:
      "Each profile with the modules it grants and its number of users. Filter by `name` (exactly, any case). Keyset-paged: `limit` (1–100, 50) and `cursor` from the previous answer's `nextCursor`.",
    query: profileListQuery,
    responses: {
      200: { description: "One page of profiles", schema: z.object({ profiles: z.array(profileRecord), nextCursor }) },
    },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params, query }) => {
      if (!(await organizationById(db, params.id))) throw notFound("The organization");
      const page = await profilesPage(db, params.id, query);
      return json({ profiles: page.rows, nextCursor: page.nextCursor });
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/profiles/{id}",
    operationId: "getProfile",
    tag: "People",
    summary: "Get a profile",
    description: "The profile with the modules it grants and its number of users; 404 for an id that isn't one.",
    responses: { 200: { description: "The profile", schema: z.object({ profile: profileRecord }) } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params }) => {
      const profile = await profileById(db, params.id);
      if (!profile) throw notFound("The profile");
      return json({ profile });
    },
  }),
  route({
    audience: "manage",
    method: "delete",
    path: "/api/v1/manage/profiles/{id}",
    operationId: "deleteProfile",
    tag: "People",
    summary: "Delete a profile",
    description:
      "As the console deletes one: its users move to no profile, so their named seats free and their live sessions of modules they no longer hold end. Answers how many users moved.",
    responses: {
      200: {
        description: "Deleted",
        schema: z.object({
          deleted: z.literal(true),
          membersMoved: z.number().int().describe("Users left without a profile"),
        }),
      },
    },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, actor, params }) => json(await deleteProfile(db, actor, params.id, VENDOR)),
  }),
];
