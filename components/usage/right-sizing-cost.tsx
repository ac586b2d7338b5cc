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
  if (summary.verdict === "over-provisioned" && summary.neverUsed) {
    const n = summary.neverUsed;
    text = `${n === 1 ? "The licence" : `The ${n} licences`} never used cost ${money(monthlyCost(n, pricePerLicense))} a month: lowering the capacity to ${pool.capacity - n} would save that.`;
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
