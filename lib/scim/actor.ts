import type { Actor } from "@/lib/licensing/actor";

/** The SCIM token a request came with: it decides the organization, and nothing in the request can change that. */
export type ScimActor = Extract<Actor, { kind: "scim" }>;
