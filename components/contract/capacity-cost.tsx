import { formatMoney, monthlyCost } from "@/lib/money/money";

/** The monthly cost change of a typed capacity: "€147.00 → €196.00 a month (+€49.00)". */
export function CapacityCost({
  capacity,
  nextCapacity,
  pricePerLicense,
  currency,
  locale,
}: {
  capacity: number;
  nextCapacity: number | null;
  pricePerLicense: number | null;
  currency: string | null;
  locale: string;
}) {
  if (pricePerLicense === null || !currency) return null;
  const now = monthlyCost(capacity, pricePerLicense);
  const money = (minor: number, signed = false) => formatMoney(minor, currency, locale, signed);
  if (nextCapacity === null || nextCapacity === capacity) {
    return (
      <p className="text-sm text-slate-700" data-testid="capacity-cost">
        Cost per month: <span className="font-medium tabular-nums">{money(now)}</span> ({money(pricePerLicense)} per
        licence).
      </p>
    );
  }
  const next = monthlyCost(nextCapacity, pricePerLicense);
  return (
    <p className="text-sm text-slate-700" data-testid="capacity-cost">
      Cost per month: <span className="tabular-nums">{money(now)}</span> →{" "}
      <span className="font-medium text-slate-900 tabular-nums">{money(next)}</span>{" "}
      <span className="tabular-nums" data-testid="capacity-cost-change">
        ({money(next - now, true)} a month)
      </span>
    </p>
  );
}
