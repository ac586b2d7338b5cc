import "server-only";
import { errorFields, log } from "@/lib/runtime/log";
import { probeDatabase } from "@/db/client";
import { licenseView } from "@/lib/http/views";
import { publicJwks } from "@/lib/licensing/lease-token";
import { healthResponse, jwksResponse, licenseResponse } from "@/lib/validation/api-responses";
import { z } from "zod";
import { json, route } from "./route";

const noStore = { "Cache-Control": "no-store" };

export const clientLicenseRoutes = [
  route({
    audience: "client",
    method: "get",
    path: "/api/v1/license",
    operationId: "getLicense",
    tag: "Licence",
    description:
      "The contract behind this API key and every pool of it, with limits, usage, activations and API connects.",
    summary: "The key's contract and its pools",
    responses: { 200: { description: "The contract and every pool with its usage", schema: licenseResponse } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, actor }) => json(await licenseView(db, actor.contractId)),
  }),
  route({
    audience: "public",
    method: "get",
    path: "/api/v1/keys",
    operationId: "getSigningKeys",
    tag: "Public",
    summary: "JWKS with the Ed25519 lease-signing public key(s)",
    description: "Public by design: devices verify lease tokens offline with these keys, found by `kid`.",
    responses: { 200: { description: "The public keys", schema: jwksResponse } },
    handle: async () => json(await publicJwks(), 200, { "Cache-Control": "public, max-age=300" }),
  }),
  route({
    audience: "public",
    method: "get",
    path: "/api/health",
    operationId: "getHealth",
    tag: "Public",
    description: "Whether the server and its database answer; for load balancers and monitoring.",
    summary: "Liveness and database reachability",
    responses: {
      200: { description: "Serving, and the database answers", schema: healthResponse },
      503: {
        description: "The database is unreachable",
        schema: z.object({ status: z.literal("error"), database: z.literal("unreachable") }),
      },
    },
    handle: async () => {
      try {
        // Load balancers give up on a slow probe: the answer comes within a second whatever the database does.
        await probeDatabase(500);
        return json({ status: "ok", database: "ok" }, 200, noStore);
      } catch (e) {
        log.warn(errorFields(e), "health check: the database did not answer");
        return json({ status: "error", database: "unreachable" }, 503, { ...noStore, "Retry-After": "2" });
      }
    },
  }),
];
