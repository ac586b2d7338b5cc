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
export const organizationResponse = z.object({
  organization: entity("Organization", { name: z.string(), siteId: z.string() }),
});
export const contractResponse = z.object({ contract: entity("ContractRecord", {}) });
export const poolResponse = z.object({ pool: entity("PoolRecord", {}) });
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
