// Money is integer minor units of a currency (cents, øre, yen): never a float. This module has no
// dependencies, so server pages and client components share it. Intl does the formatting, in the
// viewer's locale, from a decimal string built from the integer (Intl.NumberFormat takes strings).

const codes = new Set(Intl.supportedValuesOf("currency"));

/** Whether a code is an ISO 4217 currency this runtime knows ("EUR", "NOK", "JPY"). */
export const isCurrency = (code: string) => /^[A-Z]{3}$/.test(code) && codes.has(code);

/** How many minor-unit digits a currency has: 2 for EUR, 0 for JPY, 3 for KWD. */
export function minorDigits(currency: string) {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An integer number of minor units as a decimal string: 123456 EUR → "1234.56". */
export function toDecimal(minor: number | bigint, currency: string) {
  const digits = minorDigits(currency);
  const value = BigInt(minor);
  const sign = value < 0n ? "-" : "";
  const abs = (value < 0n ? -value : value).toString().padStart(digits + 1, "0");
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** 123456 EUR in nb-NO → "1 234,56 €". An unknown locale falls back to English. */
export function formatMoney(minor: number | bigint, currency: string, locale = "en", signed = false) {
  const options: Intl.NumberFormatOptions = {
    style: "currency",
    currency,
    signDisplay: signed ? "exceptZero" : "auto",
  };
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, options);
  } catch {
    format = new Intl.NumberFormat("en", options);
  }
  return format.format(toDecimal(minor, currency) as `${number}`);
}

export type MoneyParse = { ok: true; minor: number } | { ok: false; message: string };

/**
 * A typed price ("49", "49.9", "1,249.50" is refused: no grouping) into minor units, by string
 * arithmetic so no float ever rounds a cent away. At most the currency's minor digits.
 */
export function parseMoney(raw: string, currency: string): MoneyParse {
  const text = raw.trim();
  const digits = minorDigits(currency);
  const match = /^(\d{1,12})(?:[.,](\d+))?$/.exec(text);
  if (!match) return { ok: false, message: `Enter the price as a number, like ${toDecimal(4900, currency)}.` };
  const fraction = match[2] ?? "";
  if (fraction.length > digits) {
    return {
      ok: false,
      message:
        digits === 0
          ? `${currency} has no minor units: enter a whole number.`
          : `${currency} has ${digits} decimals: enter at most ${digits} after the point.`,
    };
  }
  const minor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  return { ok: true, minor };
}

/** What a pool costs per month: licences bought times the price per licence, in minor units. */
export const monthlyCost = (capacity: number, pricePerLicense: number) => capacity * pricePerLicense;
