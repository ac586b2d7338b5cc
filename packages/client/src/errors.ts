/** A refusal from the Seatkeeper API: its HTTP status, its code and the numbers behind it. */
export class SeatkeeperError extends Error {
  readonly status: number;
  readonly code: string;
  /** The refusal's numbers: `limit`, `inUse`, `used`, `resetsAt`, `retryAfter`, `issues`… */
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "SeatkeeperError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Builds the error from an API answer `{error:{code, message, …details}}` (or anything else). */
  static from(status: number, body: unknown): SeatkeeperError {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    if (error && typeof error.code === "string") {
      const { code, message, ...details } = error as Record<string, unknown>;
      return new SeatkeeperError(status, code as string, String(message ?? code), details);
    }
    return new SeatkeeperError(status, status >= 500 ? "SERVER_ERROR" : "HTTP_ERROR", `The server answered ${status}.`);
  }
}

/** Whether an answer is worth trying again: the server or the network, not the request. */
export function isRetryable(status: number, code?: string) {
  if (status === 429) return code !== "API_QUOTA_EXHAUSTED";
  return status >= 500;
}
