import type { RefusalCode } from "@/lib/licensing/errors";

export type ApiErrorCode =
  | RefusalCode
  | "VALIDATION_FAILED"
  | "BAD_REQUEST"
  | "UNAUTHENTICATED"
  | "METHOD_NOT_ALLOWED"
  | "RATE_LIMITED"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "DATABASE_UNAVAILABLE"
  | "SHUTTING_DOWN"
  | "IDEMPOTENCY_KEY_REUSED"
  | "PRECONDITION_FAILED"
  | "INTERNAL";

/** The one table mapping every refusal code to its HTTP status (SPEC §3–4). */
export const statusOf: Record<ApiErrorCode, number> = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  OFFLINE_FILE_INVALID: 400,
  UNAUTHENTICATED: 401,
  CONTRACT_INACTIVE: 403,
  USER_INACTIVE: 403,
  USER_EXPIRED: 403,
  NO_CREDENTIALS: 403,
  MODULE_NOT_GRANTED: 403,
  FORBIDDEN: 403,
  BORROW_NOT_ALLOWED: 403,
  USER_NOT_FOUND: 404,
  MODULE_NOT_LICENSED: 404,
  SESSION_NOT_FOUND: 404,
  ACTIVATION_NOT_FOUND: 404,
  BORROW_NOT_FOUND: 404,
  NOT_FOUND: 404,
  SESSION_LIMIT_REACHED: 409,
  DEVICE_LIMIT_REACHED: 409,
  BORROW_LIMIT_REACHED: 409,
  SESSION_ALREADY_BORROWED: 409,
  INSUFFICIENT_LICENSES: 409,
  USERNAME_TAKEN: 409,
  CAPACITY_BELOW_USAGE: 409,
  LAST_OWNER: 409,
  LAST_OPERATOR: 409,
  PLAN_IN_USE: 409,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CAPACITY_OUT_OF_BOUNDS: 422,
  VALUE_OUT_OF_RANGE: 422,
  INVALID: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  PRECONDITION_FAILED: 412,
  API_QUOTA_EXHAUSTED: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  DATABASE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
};

export function errorResponse(
  code: ApiErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  headers?: HeadersInit,
) {
  const response = new Response(JSON.stringify({ error: { code, message, ...details } }), {
    status: statusOf[code],
    headers,
  });
  response.headers.set("content-type", "application/json");
  return response;
}
