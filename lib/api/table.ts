import "server-only";
import { z } from "zod";
import { clientActivationRoutes } from "./client-activations";
import { clientBorrowRoutes } from "./client-borrows";
import { clientLicenseRoutes } from "./client-license";
import { clientSessionRoutes } from "./client-sessions";
import { manageBorrowRoutes } from "./manage-borrows";
import { manageCatalogueRoutes } from "./manage-catalogue";
import { manageContractReadRoutes } from "./manage-contract-reads";
import { manageContractRoutes } from "./manage-contracts";
import { manageDenialRoutes } from "./manage-denials";
import { manageHistoryRoutes } from "./manage-history-reads";
import { manageHoldingRoutes } from "./manage-holding-reads";
import { manageInvitationRoutes } from "./manage-invitations";
import { manageOfflineRoutes } from "./manage-offline";
import { managePeopleRoutes } from "./manage-people";
import { managePlanRoutes } from "./manage-plans";
import { manageProfileReadRoutes } from "./manage-profile-reads";
import { manageReadRoutes } from "./manage-reads";
import { manageScimRoutes } from "./manage-scim";
import { manageWebhookRoutes } from "./manage-webhooks";
import { buildDocument } from "./openapi";
import { json, route, type ApiRoute } from "./route";

let document: ReturnType<typeof buildDocument> | undefined;

/** The OpenAPI document for a request's origin (its `servers`), built once per process. */
export function openApiDocument(origin = "http://localhost:3000") {
  document ??= buildDocument(apiRoutes);
  return { ...document, servers: [{ url: origin, description: "This Seatkeeper server" }] };
}

const docsRoute = route({
  audience: "public",
  method: "get",
  path: "/api/v1/openapi.json",
  operationId: "getOpenApiDocument",
  tag: "Public",
  description:
    "OpenAPI 3.1 for both APIs, generated from the route table: every operation, status and schema the server answers.",
  summary: "This document: OpenAPI 3.1 for both APIs, generated from the route table",
  responses: {
    200: {
      description: "The OpenAPI document",
      schema: z
        .object({
          openapi: z.literal("3.1.0"),
          info: z.object({ title: z.string() }),
          paths: z.record(z.string(), z.unknown()),
        })
        .catchall(z.unknown()),
    },
  },
  handle: ({ req }) => json(openApiDocument(new URL(req.url).origin)),
});

/** Every route of /api/v1 (and /api/health): the one place an endpoint is declared. */
export const apiRoutes: ApiRoute[] = [
  ...clientLicenseRoutes,
  ...clientSessionRoutes,
  ...clientActivationRoutes,
  ...clientBorrowRoutes,
  ...manageCatalogueRoutes,
  ...managePlanRoutes,
  ...manageContractRoutes,
  ...manageContractReadRoutes,
  ...managePeopleRoutes,
  ...manageProfileReadRoutes,
  ...manageReadRoutes,
  ...manageInvitationRoutes,
  ...manageScimRoutes,
  ...manageDenialRoutes,
  ...manageHistoryRoutes,
  ...manageBorrowRoutes,
  ...manageHoldingRoutes,
  ...manageOfflineRoutes,
  ...manageWebhookRoutes,
  docsRoute,
];
