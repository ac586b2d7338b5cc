import "server-only";
import type { Database } from "@/db/client";
import type { ScimActor } from "./actor";
import { resourceTypeList, resourceTypes, schemaDocuments, schemaList, serviceProviderConfig } from "./discovery";
import { scimJson, ScimError } from "./errors";
import { groupRoutes } from "./routes-groups";
import { userRoutes } from "./routes-users";
import type { ScimLogEntry } from "./log";

// The SCIM route table: each handler answers a response and the line it leaves in the
// provisioning log. Refusals are thrown (ScimError or the engine's LicensingError) and answered
// by app.ts, which logs them too.

export type ScimRequestContext = { db: Database; actor: ScimActor; base: string; body: () => Promise<unknown> };
export type ScimAnswer = { response: Response; log: Pick<ScimLogEntry, "outcome" | "summary" | "details"> };
export type ScimRoute = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  handle: (
    ctx: ScimRequestContext,
    params: Record<string, string>,
    query: URLSearchParams,
    headers: Headers,
  ) => Promise<ScimAnswer> | ScimAnswer;
};

export const read = (response: Response): ScimAnswer => ({ response, log: { outcome: "unchanged", summary: "Read." } });

const discoveryRoutes: ScimRoute[] = [
  { method: "GET", path: "/ServiceProviderConfig", handle: ({ base }) => read(scimJson(serviceProviderConfig(base))) },
  { method: "GET", path: "/ResourceTypes", handle: ({ base }) => read(scimJson(resourceTypeList(base))) },
  {
    method: "GET",
    path: "/ResourceTypes/:id",
    handle: ({ base }, { id }) => {
      const found = resourceTypes(base).find((t) => t.id === id);
      if (!found) throw new ScimError(404, `There is no resource type "${id}"; there are User and Group.`);
      return read(scimJson(found));
    },
  },
  { method: "GET", path: "/Schemas", handle: ({ base }) => read(scimJson(schemaList(base))) },
  {
    method: "GET",
    path: "/Schemas/:id",
    handle: ({ base }, { id }) => {
      const found = schemaDocuments(base).find((s) => s.id === id);
      if (!found) throw new ScimError(404, `There is no schema "${id}".`);
      return read(scimJson(found));
    },
  },
];

export const scimRoutes: ScimRoute[] = [...discoveryRoutes, ...userRoutes, ...groupRoutes];
