import { isLicensingError, type RefusalCode } from "@/lib/licensing/errors";

// SCIM's error answer (RFC 7644 §3.12): `status` as a string, an optional `scimType` from the RFC's
// list for 400 and 409, and `detail` for people. Every refusal of this service is one of these.

export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const SCIM_MEDIA_TYPE = "application/scim+json";

export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimType | undefined;

  constructor(status: number, detail: string, scimType?: ScimType) {
    super(detail);
    this.name = "ScimError";
    this.status = status;
    this.scimType = scimType;
  }
}

export const invalidValue = (detail: string) => new ScimError(400, detail, "invalidValue");
export const invalidSyntax = (detail: string) => new ScimError(400, detail, "invalidSyntax");
export const invalidFilter = (detail: string) => new ScimError(400, detail, "invalidFilter");
export const scimNotFound = (what: "User" | "Group", id: string) =>
  new ScimError(404, `${what} ${JSON.stringify(id)} was not found.`);

/** The engine's refusal codes as SCIM statuses; everything not listed is a 400 invalidValue. */
const fromLicensing: Partial<Record<RefusalCode, [number, ScimType | undefined]>> = {
  NOT_FOUND: [404, undefined],
  USER_NOT_FOUND: [404, undefined],
  USERNAME_TAKEN: [409, "uniqueness"],
  CONFLICT: [409, "uniqueness"],
  // Short of licences: no RFC scimType fits; the detail is the shortage sentence.
  INSUFFICIENT_LICENSES: [409, undefined],
};

/** Any thrown refusal as a ScimError; null for what is not a refusal (a bug: answered 500). */
export function asScimError(e: unknown): ScimError | null {
  if (e instanceof ScimError) return e;
  if (isLicensingError(e)) {
    const [status, scimType] = fromLicensing[e.code] ?? [400, "invalidValue"];
    return new ScimError(status, e.message, scimType);
  }
  return null;
}

export function scimJson(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    // Answers name people and carry nothing a browser or shared cache should keep or reinterpret.
    headers: {
      "content-type": SCIM_MEDIA_TYPE,
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
      ...headers,
    },
  });
}

export function scimErrorResponse(error: ScimError, headers: Record<string, string> = {}) {
  return scimJson(
    {
      schemas: [ERROR_SCHEMA],
      status: String(error.status),
      ...(error.scimType ? { scimType: error.scimType } : {}),
      detail: error.message,
    },
    error.status,
    headers,
  );
}
