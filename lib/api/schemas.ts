import { z } from "zod";

// Response shapes of the management API's entities (the client API's are in
// lib/validation/api-responses.ts). Objects allow further fields: the engine's rows.

const entity = <S extends z.ZodRawShape>(id: string, shape: S) =>
  z
    .object({ id: z.string(), ...shape })
    .catchall(z.unknown())
    .meta({ id });

export const moduleResponse = z.object({
  module: entity("Module", { key: z.string(), name: z.string() }),
});
/**
 * The organization the request examples work on: the one the create example's answer shows, so a
 * reader following the examples in order (create it, then give it a contract) uses ids that agree.
 */
export const exampleOrganization = {
  id: "8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
  name: "Aurora Legal",
  siteId: "AU-4001",
  timeZone: "Europe/Oslo",
  createdAt: "2026-12-01T09:00:00.000Z",
};
export const organizationResponse = z.object({
  organization: entity("Organization", { name: z.string(), siteId: z.string() }),
});
export const when = z.string().describe("ISO 8601 time (UTC)");
/** An organization as the management API reads it back (its ETag is of this record). */
export const organizationRecord = z
  .object({ id: z.uuid(), name: z.string(), siteId: z.string(), timeZone: z.string(), createdAt: when })
  .meta({ id: "OrganizationRecord" });
export const nextCursor = z
  .string()
  .nullable()
  .describe("Pass as `cursor` for the next (older) page; null on the last");
const count = z.number().int();

export const poolRecord = z
  .object({
    id: z.uuid(),
    contractId: z.uuid(),
    module: z.string().describe("The module's key"),
    moduleName: z.string(),
    model: z.enum(["named", "concurrent"]),
    capacity: count,
    minCapacity: count,
    maxCapacity: count.nullable(),
    overagePercent: count,
    activationsPerLicense: count,
    extraActivations: count,
    apiConnectsPerLicense: count,
    extraApiConnects: count,
    heartbeatSeconds: count,
    leaseDays: count,
    warningThresholdPercent: count,
    idleTimeoutMinutes: count.nullable(),
    reservations: z
      .array(z.object({ profileId: z.uuid(), reserved: count, max: count.nullable() }))
      .nullable()
      .describe("Seats kept for a profile's members and caps on a profile; null = none"),
    maxBorrowHours: count.describe("0 = borrowing off"),
    borrowPercent: count,
    autoReclaimDays: count
      .nullable()
      .describe("Named pools: a holder's credentials are revoked after this many days unused; null = off"),
    scheduledCapacity: count.nullable().describe("A capacity decrease scheduled for the contract's end date"),
    scheduledCapacityAt: when.nullable(),
    pricePerLicense: count.nullable().describe("Per licence per month, in minor units of the contract's currency"),
    createdAt: when,
    updatedAt: when,
  })
  .meta({ id: "PoolRecord" });

export const contractRecord = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    planId: z.uuid().nullable(),
    plan: z.string().nullable().describe("The plan's name"),
    status: z
      .enum(["active", "upcoming", "suspended", "expired"])
      .describe("As people see it: an active contract before its first day is upcoming, after its last expired"),
    startsAt: when.describe("The instant its first day begins in the organization's time zone"),
    endsAt: when.nullable().describe("The instant the day after its last day begins; null = no end"),
    currency: z.string().nullable().describe("ISO 4217 code of its pools' prices"),
    createdAt: when,
    pools: z.array(poolRecord),
  })
  .meta({ id: "ContractRecord" });

export const contractResponse = z.object({ contract: contractRecord });
export const contractChangedResponse = z.object({
  contract: contractRecord.safeExtend({ sessionsEnded: count.describe("Live sessions this change ended") }),
});
export const poolResponse = z.object({ pool: poolRecord });
export const apiKeyResponse = z.object({
  apiKey: z.object({ id: z.string(), name: z.string() }),
  secret: z.string().meta({ description: "The key's secret, shown only in this answer" }),
});
export const scimTokenCreatedResponse = z.object({
  scimToken: z.object({ id: z.string(), name: z.string() }),
  secret: z.string().meta({ description: "The token's secret, shown only in this answer" }),
});
export const scimTokenListResponse = z.object({
  scimTokens: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      prefix: z.string(),
      createdAt: z.string(),
      lastUsedAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
    }),
  ),
});
export const profileResponse = z.object({
  profile: entity("Profile", { name: z.string(), modules: z.array(z.string()) }),
});
export const userResponse = z.object({
  user: entity("User", {
    username: z.string(),
    status: z.string(),
    credentials: z.string(),
    validTo: z.string().nullable(),
    profileId: z.string().nullable(),
    managerId: z.string().nullable(),
  }),
});

const invitationEntity = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(["owner", "admin"]),
    state: z.enum(["pending", "accepted", "expired", "revoked"]),
    createdAt: z.string(),
    expiresAt: z.string(),
    invitedBy: z.string(),
  })
  .catchall(z.unknown())
  .meta({ id: "Invitation" });
export const invitationCreatedResponse = z.object({
  invitation: invitationEntity.safeExtend({
    url: z.string().meta({ description: "The single-use link (72 hours), shown only in this answer" }),
  }),
  mail: z
    .enum(["sent", "not_configured", "failed"])
    .meta({ description: "Whether the link was also e-mailed (SEATKEEPER_SMTP_URL)" }),
});
export const invitationsResponse = z.object({ invitations: z.array(invitationEntity) });
