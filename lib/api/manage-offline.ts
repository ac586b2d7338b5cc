import "server-only";
import { z } from "zod";
import { activateOfflineDevice } from "@/lib/licensing/offline/activate";
import { releaseOfflineActivation } from "@/lib/licensing/offline/release";
import { renewOfflineActivation } from "@/lib/licensing/offline/renew";
import { offlineActivationInput, offlineReleaseInput, offlineRenewalInput } from "@/lib/validation/offline";
import { json, route } from "./route";

const offlineActivation = z
  .object({
    id: z.uuid(),
    contractId: z.uuid(),
    module: z.string(),
    fingerprint: z.string(),
    platform: z.enum(["mobile", "desktop", "server"]),
    name: z.string().nullable(),
    deviceKeyThumbprint: z.string().describe("RFC 7638 thumbprint of the device's own Ed25519 key"),
    leaseExpiresAt: z.string(),
    renewBy: z.string().describe("When the device should present a renewal request"),
  })
  .meta({ id: "OfflineActivation" });

const licenseFileAnswer = z
  .object({
    activation: offlineActivation,
    licenseFile: z.string().meta({
      description:
        "Compact JWS (EdDSA/Ed25519, typ seatkeeper-license+jwt, the keys at /api/v1/keys) with claims contract, module, fingerprint, activation, entitlements, cnf.jkt (the device key's thumbprint), renewBy, contractEndsOn and exp; the SDK's verifyLicenseFile checks it offline",
    }),
  })
  .meta({ id: "OfflineLicenseFile" });

const fileRefusals = ["OFFLINE_FILE_INVALID", "NOT_FOUND", "ACTIVATION_NOT_FOUND", "CONTRACT_INACTIVE"] as const;

export const manageOfflineRoutes = [
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/contracts/{id}/offline-activations",
    operationId: "activateOfflineDevice",
    tag: "Offline devices",
    summary: "Activate a device that is never online, from its activation request",
    description:
      "Every rule of an online activation applies (device limit, contract in force, the named user's seat). 201 with the licence file for a new activation; 200 with the same activation and a fresh licence file when the same request comes again. A request signed by another key, altered, too old, replayed or malformed is 400 OFFLINE_FILE_INVALID with a sentence, and a denial row.",
    body: offlineActivationInput,
    responses: {
      201: { description: "Activated: the licence file to carry back to the device", schema: licenseFileAnswer },
      200: { description: "The same request again: the same activation", schema: licenseFileAnswer },
    },
    refusals: [
      ...fileRefusals,
      "DEVICE_LIMIT_REACHED",
      "CONFLICT",
      "USER_INACTIVE",
      "USER_EXPIRED",
      "NO_CREDENTIALS",
      "MODULE_NOT_GRANTED",
      "USER_NOT_FOUND",
      "MODULE_NOT_LICENSED",
    ],
    handle: async ({ db, actor, body, params }) => {
      const { created, ...answer } = await activateOfflineDevice(db, actor, { contractId: params.id }, body.request);
      return json(answer, created ? 201 : 200);
    },
  }),
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/contracts/{id}/offline-renewals",
    operationId: "renewOfflineActivation",
    tag: "Offline devices",
    summary: "Extend an offline device's lease, from its renewal request",
    description:
      "The request must be signed by the key the device activated with. Refused while the contract is not in force (403 CONTRACT_INACTIVE) and once the activation was revoked, released or lapsed (404 ACTIVATION_NOT_FOUND), each with a sentence the device can show.",
    body: offlineRenewalInput,
    responses: { 200: { description: "The new licence file", schema: licenseFileAnswer } },
    refusals: [...fileRefusals],
    handle: async ({ db, actor, body, params }) =>
      json(await renewOfflineActivation(db, actor, { contractId: params.id }, body.request)),
  }),
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/contracts/{id}/offline-releases",
    operationId: "releaseOfflineActivation",
    tag: "Offline devices",
    summary: "Free an offline device's activation, from its release receipt",
    description:
      "The receipt must be signed by the key the device activated with; the activation ends at once. A receipt for an activation that already ended changes nothing (`released: false`).",
    body: offlineReleaseInput,
    responses: {
      200: {
        description: "Released, or already ended",
        schema: z.object({ released: z.boolean(), activationId: z.uuid() }),
      },
    },
    refusals: ["OFFLINE_FILE_INVALID", "NOT_FOUND", "ACTIVATION_NOT_FOUND"],
    handle: async ({ db, actor, body, params }) =>
      json(await releaseOfflineActivation(db, actor, { contractId: params.id }, body.receipt)),
  }),
];
