import type { z } from "zod";
import { describeInputRefusal } from "@/lib/validation/issues";
import { LicensingError } from "./errors";
import type { Actor } from "./actor";

/**
 * Parses engine input. A number outside its documented range is VALUE_OUT_OF_RANGE with the field
 * and its bounds (rule 22); any other bad value is an INVALID refusal naming the first problem.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const refusal = describeInputRefusal(parsed.error);
  if (refusal.code === "VALUE_OUT_OF_RANGE") throw new LicensingError(refusal.code, refusal.message, refusal.details);
  const issue = refusal.details.issues[0]!;
  throw new LicensingError("INVALID", issue.path ? `${issue.path}: ${issue.message}` : issue.message, refusal.details);
}

/** Vendor-wide: operators, the management API's vendor routes, jobs and the CLI may touch every organization. */
export const VENDOR = { vendor: true } as const;

/**
 * The organization a caller may touch: a row of another one answers NOT_FOUND, never FORBIDDEN.
 * Required everywhere so that every caller says which it means; `VENDOR` is the explicit "all".
 */
export type Scope = { organizationId: string } | typeof VENDOR;

export function assertInScope(scope: Scope, organizationId: string, what: string) {
  if ("organizationId" in scope && scope.organizationId !== organizationId) {
    throw new LicensingError("NOT_FOUND", `${what} was not found.`);
  }
}

/** What a licensed application's API key stands for. */
export type ClientKey = { contractId: string; organizationId: string; actor: Actor };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids come from URLs: anything that is not a uuid is simply unknown. */
export const isUuid = (id: string) => UUID.test(id);
