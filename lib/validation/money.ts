import { z } from "zod";
import { isCurrency } from "@/lib/money/money";

/** An ISO 4217 currency code (EUR, NOK, USD), upper-cased. */
export const currencyInput = z
  .string({ message: "The currency must be a three-letter ISO 4217 code such as EUR" })
  .trim()
  .toUpperCase()
  .refine(isCurrency, { message: "The currency must be a three-letter ISO 4217 code such as EUR, NOK or USD" })
  .meta({
    pattern: "^\\s*[A-Za-z]{3}\\s*$",
    description:
      "An ISO 4217 currency code (EUR, NOK, USD), upper-cased by the server; a code ISO 4217 doesn't list is refused with 422.",
    example: "EUR",
  });
