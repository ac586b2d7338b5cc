import type { z } from "zod";
import { describeInputRefusal } from "@/lib/validation/issues";
import { statusOf } from "./errors";

export type ValidationFailure = {
  status: number;
  code: "VALUE_OUT_OF_RANGE" | "VALIDATION_FAILED";
  message: string;
  details: Record<string, unknown>;
};

/**
 * How an API answers a request body its zod schema refused, whatever the framework: a number
 * outside its documented range is 422 VALUE_OUT_OF_RANGE `{field, min, max, issues}` with a
 * sentence naming the bound (rule 22); anything else is 400 VALIDATION_FAILED `{issues}`.
 */
export function validationFailure(error: z.ZodError, subject = "The request body"): ValidationFailure {
  const refusal = describeInputRefusal(error, subject);
  return { status: statusOf[refusal.code], code: refusal.code, message: refusal.message, details: refusal.details };
}
