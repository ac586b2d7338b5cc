import type { PoolHistory } from "@/lib/console/history-queries";
import { formatMoney, monthlyCost } from "@/lib/money/money";

/**
 * The right-sizing hint in money: what the licences never used cost a month, or what one more
 * licence would cost when the pool reached its limit. Nothing when the contract has no prices.
 */
export function RightSizingCost({ pool, locale }: { pool: PoolHistory; locale: string }) {
  const { summary, pricePerLicense, currency } = pool;
  if (pricePerLicense === null || !currency) return null;
  const money = (minor: number) => formatMoney(minor, currency, locale);
  let text: string | null = null;
  if (summary.verdict === "over-provisioned" && summary.lowerTo !== null) {
    const n = pool.capacity - summary.lowerTo;
    text = `Lowering the capacity to ${summary.lowerTo} would save ${money(monthlyCost(n, pricePerLicense))} a month (${n === 1 ? "1 licence" : `${n} licences`}); the peak stays below the pool's warning.`;
  } else if (summary.verdict === "at-limit") {
    text = `One more licence costs ${money(pricePerLicense)} a month.`;
  } else if (summary.verdict === "fits") {
    text = `This pool costs ${money(monthlyCost(pool.capacity, pricePerLicense))} a month, every licence used.`;
  }
  return text ? (
    <p className="text-sm text-slate-700" data-testid="right-sizing-cost">
      {text}
    </p>
  ) : null;
}
