import "server-only";
import { activateDevice, refreshActivation, releaseActivation } from "@/lib/licensing/activations";
import { activationResponse } from "@/lib/validation/api-responses";
import { activationInput } from "@/lib/validation/licensing";
import { clientKey, json, noContent, route } from "./route";

const activationExample = {
  activation: {
    id: "5d1e8a90-2f4b-4e61-8c3a-7b9e0f1d2c34",
    fingerprint: "c6a1f0e2b7",
    platform: "desktop",
    leaseExpiresAt: "2026-12-31T09:00:00.000Z",
    leaseToken: "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiJ9.eyJtb2R1bGUiOiIuLi4ifQ.c2lnbmF0dXJl",
  },
};

export const clientActivationRoutes = [
  route({
    audience: "client",
    method: "post",
    path: "/api/v1/activations",
    idempotent: true,
    operationId: "activateDevice",
    tag: "Activations",
    acquisition: "activation",
    summary: "Activate a device",
    description: "201 for a new activation; 200 with the same activation when that fingerprint is already active.",
    body: activationInput,
    bodyExample: { module: "case-management", fingerprint: "c6a1f0e2b7", platform: "desktop", name: "Ada's laptop" },
    responses: {
      201: { description: "Activated", schema: activationResponse, example: activationExample },
      200: { description: "Already active: the same activation with a fresh lease", schema: activationResponse },
    },
    refusals: [
      "DEVICE_LIMIT_REACHED",
      "CONFLICT",
      "CONTRACT_INACTIVE",
      "USER_INACTIVE",
      "USER_EXPIRED",
      "NO_CREDENTIALS",
      "MODULE_NOT_GRANTED",
      "USER_NOT_FOUND",
      "MODULE_NOT_LICENSED",
    ],
    handle: async ({ db, actor, body }) => {
      const { activation, created } = await activateDevice(db, clientKey(actor), body);
      return json({ activation }, created ? 201 : 200);
    },
  }),
  route({
    audience: "client",
    method: "post",
    path: "/api/v1/activations/{id}/refresh",
    operationId: "refreshActivation",
    tag: "Activations",
    description:
      "Renews the lease of an active device: a new `leaseToken` and `leaseExpiresAt`. A revoked, lapsed or unknown activation answers 404 ACTIVATION_NOT_FOUND.",
    acquisition: "activation",
    summary: "Refresh a device lease",
    unknownId: "ACTIVATION_NOT_FOUND",
    responses: { 200: { description: "A new lease", schema: activationResponse, example: activationExample } },
    refusals: ["ACTIVATION_NOT_FOUND", "CONTRACT_INACTIVE"],
    handle: async ({ db, actor, params }) =>
      json({ activation: await refreshActivation(db, clientKey(actor), params.id) }),
  }),
  route({
    audience: "client",
    method: "delete",
    path: "/api/v1/activations/{id}",
    operationId: "releaseActivation",
    tag: "Activations",
    description: "Frees the device's activation at once, so another device may take it.",
    summary: "Release a device activation",
    unknownId: "ACTIVATION_NOT_FOUND",
    responses: { 204: { description: "Released" } },
    refusals: ["ACTIVATION_NOT_FOUND"],
    handle: async ({ db, actor, params }) => {
      await releaseActivation(db, clientKey(actor), params.id);
      return noContent();
    },
  }),
];
