import type { RefusalCode } from "@/lib/licensing/errors";

export type ApiErrorCode =
  RefusalCode | "VALIDATION_FAILED" | "UNAUTHENTICATED" | "RATE_LIMITED" | "PAYLOAD_TOO_LARGE" | "INTERNAL";

/** The one table mapping every refusal code to its HTTP status (SPEC §3–4). */
export const statusOf: Record<ApiErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  CONTRACT_INACTIVE: 403,
  USER_INACTIVE: 403,
  USER_EXPIRED: 403,
  NO_CREDENTIALS: 403,
  MODULE_NOT_GRANTED: 403,
  FORBIDDEN: 403,
  USER_NOT_FOUND: 404,
  MODULE_NOT_LICENSED: 404,
  SESSION_NOT_FOUND: 404,
  ACTIVATION_NOT_FOUND: 404,
  NOT_FOUND: 404,
  SESSION_LIMIT_REACHED: 409,
  DEVICE_LIMIT_REACHED: 409,
  INSUFFICIENT_LICENSES: 409,
  USERNAME_TAKEN: 409,
  CAPACITY_BELOW_USAGE: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  CAPACITY_OUT_OF_BOUNDS: 422,
  VALUE_OUT_OF_RANGE: 422,
  INVALID: 422,
  API_QUOTA_EXHAUSTED: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export function errorResponse(
  code: ApiErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  headers?: HeadersInit,
) {
  return Response.json({ error: { code, message, ...details } }, { status: statusOf[code], headers });
}
