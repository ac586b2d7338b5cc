/** Every refusal code of SPEC §3–4, plus the generic ones the console and APIs need. */
export const refusalCodes = [
  "SESSION_LIMIT_REACHED",
  "API_QUOTA_EXHAUSTED",
  "DEVICE_LIMIT_REACHED",
  "CONTRACT_INACTIVE",
  "USER_INACTIVE",
  "USER_EXPIRED",
  "NO_CREDENTIALS",
  "MODULE_NOT_GRANTED",
  "USER_NOT_FOUND",
  "MODULE_NOT_LICENSED",
  "SESSION_NOT_FOUND",
  "ACTIVATION_NOT_FOUND",
  "BORROW_LIMIT_REACHED",
  "BORROW_NOT_ALLOWED",
  "SESSION_ALREADY_BORROWED",
  "BORROW_NOT_FOUND",
  "OFFLINE_FILE_INVALID",
  "INSUFFICIENT_LICENSES",
  "USERNAME_TAKEN",
  "CAPACITY_BELOW_USAGE",
  "CAPACITY_OUT_OF_BOUNDS",
  "VALUE_OUT_OF_RANGE",
  "LAST_OWNER",
  "LAST_OPERATOR",
  "PLAN_IN_USE",
  "NOT_FOUND",
  "CONFLICT",
  "INVALID",
  "FORBIDDEN",
] as const;

export type RefusalCode = (typeof refusalCodes)[number];

export type Shortage = { module: string; moduleName: string; needed: number; available: number };

/**
 * A typed refusal: a code from SPEC, a sentence a person understands, and the numbers behind it
 * (limit, inUse, shortages…). The console and both APIs render it; nothing was written.
 */
export class LicensingError extends Error {
  readonly code: RefusalCode;
  readonly details: Record<string, unknown>;

  constructor(code: RefusalCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "LicensingError";
    this.code = code;
    this.details = details;
  }
}

export function isLicensingError(e: unknown): e is LicensingError {
  return e instanceof LicensingError || (e instanceof Error && e.name === "LicensingError" && "code" in e);
}

export const notFound = (what: string) => new LicensingError("NOT_FOUND", `${what} was not found.`);
