import { z } from "zod";
import { bounded } from "./bounded";
import { currencyInput } from "./money";
import { mixedScripts } from "./scripts";
import { cleanFreeText, cleanName, uncleanCharacter } from "./text";

// Input schemas of the licensing engine. Field names are exactly the request bodies of SPEC §3
// and §4, so forms, server actions and both APIs share them. Numbers take their ranges from
// bounds.ts (rule 22), text is cleaned by text.ts (rule 23).

const name = (what: string) => cleanName(what, 200);
const uuid = (what: string) => z.string().uuid(`${what} must be an id`);

const day = z.iso.date({ message: "Enter a date as YYYY-MM-DD" });

/** A username: clean text (rule 23); compared by its folded key (text.ts foldUsername). */
export const usernameInput = cleanName("The username", 100);

/** Why a new username is refused for mixing scripts (scripts.ts), or null when it is of one script. */
export function mixedScriptUsername(username: string): string | null {
  const mix = mixedScripts(username);
  if (!mix) return null;
  const [first, second] = mix.scripts;
  return `The username mixes ${first} and ${second} letters ("${mix.odd.character}", ${mix.odd.codePoint}, is ${mix.odd.script}); use letters of one script, so it can't pass for another user's name`;
}

/**
 * A username being made (created, imported, renamed): also of one script, so it can't imitate
 * another user's name with look-alike letters. Names that already exist are looked up as they are.
 */
export const newUsernameInput = usernameInput
  .superRefine((username, ctx) => {
    // An unclean name already has its issue (the character to drop); its scripts are not the point.
    const mixed = uncleanCharacter(username) === null && mixedScriptUsername(username);
    if (mixed) ctx.addIssue({ code: "custom", message: mixed });
  })
  .meta({
    ...usernameInput.meta(),
    description: `${usernameInput.meta()?.description ?? ""} Letters of one script (digits and punctuation go with any), so a name can't imitate another with look-alike letters.`,
  });
/** An email address: clean text, NFC, a valid address. */
export const emailInput = cleanName("The email address", 254)
  .pipe(z.email("Enter a valid email address"))
  .meta({ format: "email", description: "An email address (clean text, NFC-normalised and trimmed)." });

/** The days a contract may start or end on. */
export const CONTRACT_DAYS = { first: "1970-01-01", last: "9998-12-31" } as const;

function isContractDayInRange(value: Date | string): boolean {
  const instant = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(instant.getTime())) return false;
  return (
    instant.getTime() >= Date.parse(`${CONTRACT_DAYS.first}T00:00:00Z`) &&
    instant.getTime() < Date.parse(`${CONTRACT_DAYS.last}T00:00:00Z`) + 86_400_000
  );
}

/**
 * A contract's start or end: a date (YYYY-MM-DD, a whole day in the organization's time zone,
 * rule 20) or an exact instant (ISO date-time or Date). Kept as given: the engine resolves days.
 */
export const contractDayInput = z
  .union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()], {
    message: "Enter a date (YYYY-MM-DD) or an ISO date-time",
  })
  // A day ends at midnight of the next one in the organization's time zone: the last years the
  // database's timestamps hold are kept out of reach, whatever the zone.
  .refine((v) => isContractDayInRange(v), {
    message: `A contract date must be between ${CONTRACT_DAYS.first} and ${CONTRACT_DAYS.last}`,
  });

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone === "UTC" || Intl.supportedValuesOf("timeZone").includes(zone);
  } catch {
    return false;
  }
};

/** An IANA time zone name, e.g. Europe/Oslo (rule 20). */
export const timeZoneInput = z
  .string()
  .trim()
  .refine(isTimeZone, { message: "Enter an IANA time zone such as Europe/Oslo or UTC" })
  .meta({
    // The shape of every canonical IANA name; which ones exist is the server's time zone database.
    pattern: "^(?:UTC|[A-Z][A-Za-z_-]*(?:/[A-Za-z0-9_+-]+){1,2})$",
    description:
      "An IANA time zone name (Europe/Oslo, America/Argentina/Buenos_Aires, UTC) from the server's time zone database; another name is refused with 422.",
    example: "Europe/Oslo",
  });

export const moduleKey = z
  .string()
  .trim()
  .min(1, "The module key is required")
  .max(64)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "A module key is lower-case words joined by hyphens, like case-management");
export const poolModels = ["named", "concurrent"] as const;
export const clientTypes = ["desktop", "web", "mobile", "api", "integration"] as const;
export const platforms = ["mobile", "desktop", "server"] as const;

export const moduleUpsertInput = z.object({ key: moduleKey, name: name("The module name") });

export const organizationCreateInput = z.object({
  name: name("The organization name"),
  siteId: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/, "A site ID is letters, digits and hyphens")
    .optional(),
  timeZone: timeZoneInput.default("UTC"),
});

/** Only the fields sent change; a new time zone keeps the organization's contract days (rule 20). */
export const organizationUpdateInput = z.object({
  name: organizationCreateInput.shape.name.optional(),
  siteId: organizationCreateInput.shape.siteId,
  timeZone: timeZoneInput.optional(),
});

export const planModuleInput = z.object({
  module: moduleKey,
  model: z.enum(poolModels, { message: "The model must be named or concurrent" }),
  includedCapacity: bounded("includedCapacity"),
  maxCapacity: bounded("maxCapacity").optional(),
  activationsPerLicense: bounded("activationsPerLicense").optional(),
  apiConnectsPerLicense: bounded("apiConnectsPerLicense").optional(),
  heartbeatSeconds: bounded("heartbeatSeconds").optional(),
  leaseDays: bounded("leaseDays").optional(),
  pricePerLicense: bounded("pricePerLicense").optional(),
});

export const planCreateInput = z.object({
  name: name("The plan name"),
  description: cleanFreeText("The description", 1000).optional(),
  currency: currencyInput.optional(),
  modules: z.array(planModuleInput).min(1, "A plan needs at least one module"),
});

/** A plan's change: only the fields sent; `modules` replaces the plan's whole template. */
export const planUpdateInput = z.object({
  name: name("The plan name").optional(),
  description: cleanFreeText("The description", 1000).nullable().optional(),
  currency: currencyInput.nullable().optional(),
  modules: z.array(planModuleInput).min(1, "A plan needs at least one module").optional(),
});

export const moduleRenameInput = z.object({ name: name("The module name") });

const poolAllowances = {
  minCapacity: bounded("minCapacity").optional(),
  maxCapacity: bounded("maxCapacity").nullable().optional(),
  overagePercent: bounded("overagePercent").optional(),
  activationsPerLicense: bounded("activationsPerLicense").optional(),
  extraActivations: bounded("extraActivations").optional(),
  apiConnectsPerLicense: bounded("apiConnectsPerLicense").optional(),
  extraApiConnects: bounded("extraApiConnects").optional(),
  heartbeatSeconds: bounded("heartbeatSeconds").optional(),
  leaseDays: bounded("leaseDays").optional(),
  warningThresholdPercent: bounded("warningThresholdPercent").optional(),
  /** Per licence per month, in minor units of the contract's currency; null removes the price. */
  pricePerLicense: bounded("pricePerLicense").nullable().optional(),
};

/** A pool of a new contract. With a plan, model and capacity default to the plan's. */
export const contractPoolInput = z.object({
  module: moduleKey,
  model: z.enum(poolModels, { message: "The model must be named or concurrent" }).optional(),
  capacity: bounded("capacity").optional(),
  ...poolAllowances,
});

export const contractCreateInput = z
  .object({
    organizationId: uuid("The organization"),
    plan: cleanName("The plan", 200).optional(),
    startsAt: contractDayInput.optional(),
    endsAt: contractDayInput.nullable().optional(),
    /** What the pools' prices are in; defaults to the plan's. */
    currency: currencyInput.optional(),
    pools: z.array(contractPoolInput).default([]),
  })
  .meta({
    description:
      "A contract needs a plan or at least one pool (422 INVALID otherwise); with a plan, pools default to the plan's modules.",
  });

export const contractUpdateInput = z.object({
  status: z
    .enum(["active", "suspended", "expired"], { message: "The status must be active, suspended or expired" })
    .optional(),
  endsAt: contractDayInput.nullable().optional(),
  currency: currencyInput.nullable().optional(),
});

/** Floating-licence settings of a concurrent pool (rule 25); null turns one off. */
const floatingSettings = {
  idleTimeoutMinutes: bounded("idleTimeoutMinutes").nullable().optional(),
  maxBorrowHours: bounded("maxBorrowHours").optional(),
  borrowPercent: bounded("borrowPercent").optional(),
  reservations: z
    .array(
      z.object({
        profileId: uuid("The profile"),
        reserved: bounded("reserved").default(0),
        max: bounded("max").nullable().default(null),
      }),
    )
    .max(200, "A pool takes at most 200 reservations")
    .nullable()
    .optional(),
};

export const poolUpdateInput = z.object({
  capacity: bounded("capacity").optional(),
  ...poolAllowances,
  ...floatingSettings,
  /** Named pools: revoke a holder's credentials after this many days unused; null = off. */
  autoReclaimDays: bounded("autoReclaimDays").nullable().optional(),
});

/** A capacity decrease for the contract's renewal date (below the current capacity, within the bounds). */
export const scheduledDecreaseInput = z.object({ capacity: bounded("capacity") });

/** Borrowing a live session for offline use (rule 25): for how many hours, at most the pool's maxBorrowHours. */
export const borrowInput = z.object({ hours: bounded("hours") });
export type BorrowInput = z.input<typeof borrowInput>;

/** A heartbeat's optional body: how long the person has been idle (0 = active). */
export const heartbeatInput = z.object({ idleSeconds: bounded("idleSeconds").optional() });

export const profileCreateInput = z.object({ name: name("The profile name"), modules: z.array(moduleKey).default([]) });
export const profileUpdateInput = z.object({
  name: name("The profile name").optional(),
  modules: z.array(moduleKey).optional(),
});

const managerIdInput = uuid("The manager")
  .nullable()
  .optional()
  .describe(
    "The user's manager: another user of the organization (not the user, not one they manage, directly or through others); decides the user's access reviews. null: none",
  );

export const userCreateInput = z.object({
  username: newUsernameInput,
  email: emailInput,
  profileId: uuid("The profile").nullable().optional(),
  status: z.enum(["active", "inactive"], { message: "The status must be active or inactive" }).default("active"),
  credentials: z.enum(["issued", "none"], { message: "Credentials must be issued or none" }).default("none"),
  validTo: day.nullable().optional(),
  managerId: managerIdInput,
});

export const userUpdateInput = z.object({
  profileId: uuid("The profile").nullable().optional(),
  status: z.enum(["active", "inactive"], { message: "The status must be active or inactive" }).optional(),
  credentials: z
    .enum(["issued", "none", "revoked"], { message: "Credentials must be issued, none or revoked" })
    .optional(),
  validTo: day.nullable().optional(),
  email: emailInput.optional(),
  managerId: managerIdInput,
});

export const bulkUserChangeInput = z.union([
  z.object({ profileId: uuid("The profile").nullable() }).strict(),
  z.object({ status: z.enum(["active", "inactive"]) }).strict(),
  z.object({ credentials: z.enum(["issued", "none", "revoked"]) }).strict(),
]);

export const sessionOpenInput = z
  .object({
    module: moduleKey,
    clientType: z.enum(clientTypes, { message: "clientType must be desktop, web, mobile, api or integration" }),
    deviceId: cleanName("deviceId", 200),
    username: usernameInput.optional(),
    weight: bounded("weight").default(1),
    wait: bounded("wait").optional(),
  })
  .refine((s) => s.weight === 1 || s.clientType === "integration", {
    message: "A weight above 1 is only for integration clients",
    path: ["weight"],
  })
  .meta({ description: "A `weight` above 1 is only for `clientType: integration` (422 VALIDATION_FAILED otherwise)." });

export const activationInput = z.object({
  module: moduleKey,
  fingerprint: cleanName("fingerprint", 500),
  platform: z.enum(platforms, { message: "platform must be mobile, desktop or server" }),
  username: usernameInput.optional(),
  name: cleanName("The device name", 200, 0).optional(),
});

export type ModuleUpsertInput = z.input<typeof moduleUpsertInput>;
export type OrganizationCreateInput = z.input<typeof organizationCreateInput>;
export type OrganizationUpdateInput = z.input<typeof organizationUpdateInput>;
export type PlanCreateInput = z.input<typeof planCreateInput>;
export type PlanUpdateInput = z.input<typeof planUpdateInput>;
export type ContractCreateInput = z.input<typeof contractCreateInput>;
export type ContractUpdateInput = z.input<typeof contractUpdateInput>;
export type PoolUpdateInput = z.input<typeof poolUpdateInput>;
export type ProfileCreateInput = z.input<typeof profileCreateInput>;
export type ProfileUpdateInput = z.input<typeof profileUpdateInput>;
export type UserCreateInput = z.input<typeof userCreateInput>;
export type UserUpdateInput = z.input<typeof userUpdateInput>;
export type BulkUserChange = z.input<typeof bulkUserChangeInput>;
export type SessionOpenInput = z.input<typeof sessionOpenInput>;
export type HeartbeatInput = z.input<typeof heartbeatInput>;
export type ActivationInput = z.input<typeof activationInput>;
