import { z } from "zod";

// Response shapes of both APIs (SPEC §3–4). They document the API in /api/v1/openapi.json; the
// route handlers build exactly these objects through lib/http/presenters.ts.

export const poolView = z
  .object({
    module: z.string(),
    model: z.enum(["named", "concurrent"]),
    capacity: z.number().int(),
    limit: z.number().int(),
    inUse: z.number().int(),
    available: z.number().int(),
    activations: z.object({ limit: z.number().int(), inUse: z.number().int() }),
    apiConnects: z.object({
      limit: z.number().int(),
      used: z.number().int(),
      period: z.string().meta({ example: "2026-11" }),
    }),
  })
  .meta({ id: "Pool" });

export const contractView = z
  .object({
    id: z.string(),
    status: z.enum(["active", "upcoming", "suspended", "expired"]),
    plan: z.string().nullable(),
    endsAt: z.string().nullable(),
  })
  .meta({ id: "Contract" });

export const licenseResponse = z.object({ contract: contractView, pools: z.array(poolView) }).meta({ id: "License" });

export const sessionView = z
  .object({
    id: z.string(),
    module: z.string(),
    clientType: z.enum(["desktop", "web", "mobile", "api", "integration"]),
    weight: z.number().int(),
    expiresAt: z.string(),
    heartbeatSeconds: z.number().int(),
    waitedMs: z
      .number()
      .int()
      .optional()
      .describe("How long the open waited in line for a seat (when it asked to `wait`)."),
  })
  .meta({ id: "Session" });

export const sessionResponse = z.object({ session: sessionView });

export const activationView = z
  .object({
    id: z.string(),
    fingerprint: z.string(),
    platform: z.enum(["mobile", "desktop", "server"]),
    leaseExpiresAt: z.string(),
    leaseToken: z.string().meta({ description: "Compact JWS (EdDSA/Ed25519); verify offline with /api/v1/keys" }),
  })
  .meta({ id: "Activation" });

export const activationResponse = z.object({ activation: activationView });

export const borrowView = z
  .object({
    id: z.string(),
    sessionId: z.string(),
    module: z.string(),
    hours: z.number().int(),
    expiresAt: z.string().describe("When the borrowed seat returns by itself"),
    leaseToken: z.string().meta({
      description:
        "Compact JWS (EdDSA/Ed25519) with claims contract, module, device, borrow, session, entitlements and exp; verify offline with /api/v1/keys",
    }),
    entitlements: z.array(z.string()).describe("The modules the device may use under the contract"),
  })
  .meta({ id: "Borrow" });

export const borrowResponse = z.object({ borrow: borrowView });

export const jwksResponse = z
  .object({
    keys: z.array(
      z.object({
        kty: z.literal("OKP"),
        crv: z.literal("Ed25519"),
        x: z.string(),
        kid: z.string(),
        alg: z.literal("EdDSA"),
        use: z.literal("sig"),
      }),
    ),
  })
  .meta({ id: "JWKS" });

export const healthResponse = z.object({ status: z.literal("ok"), database: z.literal("ok") });

export const usageResponse = z
  .object({
    organization: z.object({ id: z.string(), name: z.string() }),
    contracts: z.array(
      contractView.extend({
        currency: z.string().nullable().meta({ description: "ISO 4217 code of the pools' prices", example: "EUR" }),
        pools: z.array(
          poolView.extend({
            pricePerLicense: z
              .number()
              .int()
              .nullable()
              .meta({ description: "Per licence per month, in minor units of the contract's currency (cents)" }),
          }),
        ),
      }),
    ),
  })
  .meta({ id: "OrganizationUsage" });
