import { describe, expect, it } from "vitest";
import { formatMoney, isCurrency, minorDigits, parseMoney, toDecimal } from "./money";

describe("money in integer minor units", () => {
  it("knows each currency's minor digits and writes minor units as a decimal string", () => {
    expect(minorDigits("EUR")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(toDecimal(123_456, "EUR")).toBe("1234.56");
    expect(toDecimal(5, "EUR")).toBe("0.05");
    expect(toDecimal(-250, "NOK")).toBe("-2.50");
    expect(toDecimal(1_500, "JPY")).toBe("1500");
  });

  it("formats in the viewer's locale, exactly for amounts past float precision", () => {
    expect(formatMoney(123_456, "EUR", "de-DE")).toBe("1.234,56\u00a0€");
    expect(formatMoney(123_456, "USD", "en-US")).toBe("$1,234.56");
    expect(formatMoney(9_007_199_254_740_993n, "USD", "en-US")).toBe("$90,071,992,547,409.93");
    expect(formatMoney(250, "EUR", "en-GB", true)).toBe("+€2.50");
    expect(formatMoney(250, "EUR", "not a locale")).toBe("€2.50");
  });

  it("parses typed prices by string arithmetic and refuses what the currency can't hold", () => {
    expect(parseMoney("49.9", "EUR")).toEqual({ ok: true, minor: 4_990 });
    expect(parseMoney("0,05", "EUR")).toEqual({ ok: true, minor: 5 });
    expect(parseMoney("1200", "JPY")).toEqual({ ok: true, minor: 1_200 });
    expect(parseMoney("19.999", "EUR")).toMatchObject({ ok: false, message: expect.stringContaining("2 decimals") });
    expect(parseMoney("12.5", "JPY")).toMatchObject({ ok: false, message: expect.stringContaining("no minor units") });
    expect(parseMoney("-3", "EUR")).toMatchObject({ ok: false });
    expect(parseMoney("abc", "EUR")).toMatchObject({ ok: false });
  });

  it("accepts ISO 4217 codes only", () => {
    expect(isCurrency("NOK")).toBe(true);
    expect(isCurrency("nok")).toBe(false);
    expect(isCurrency("XYZ")).toBe(false);
  });
});
