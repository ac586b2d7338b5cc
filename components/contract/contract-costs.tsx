import { formatMoney, monthlyCost } from "@/lib/money/money";

type PricedPool = { poolId: string; moduleName: string; capacity: number; pricePerLicense: number | null };

/** What each pool and the whole contract cost per month: licences bought × price per licence. */
export function ContractCosts({
  currency,
  pools,
  locale,
}: {
  currency: string | null;
  pools: PricedPool[];
  locale: string;
}) {
  const priced = currency ? pools.filter((p) => p.pricePerLicense !== null) : [];
  if (!currency || priced.length === 0) {
    return (
      <div data-testid="contract-costs">
        <h3 className="text-sm font-semibold text-slate-900">Cost per month</h3>
        <p className="mt-2 text-sm text-slate-600">This contract has no prices. The vendor sets them.</p>
      </div>
    );
  }
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const total = priced.reduce((sum, p) => sum + monthlyCost(p.capacity, p.pricePerLicense!), 0);
  return (
    <div data-testid="contract-costs">
      <h3 className="text-sm font-semibold text-slate-900">Cost per month ({currency})</h3>
      <table className="mt-2 w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-slate-600">
            <th scope="col" className="py-1 font-medium">
              Module
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              Licences × price
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              Per month
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {pools.map((p) => (
            <tr key={p.poolId}>
              <th scope="row" className="py-1.5 text-left font-normal text-slate-800">
                {p.moduleName}
              </th>
              <td className="py-1.5 text-right text-slate-700 tabular-nums">
                {p.pricePerLicense === null ? "no price" : `${p.capacity} × ${money(p.pricePerLicense)}`}
              </td>
              <td className="py-1.5 text-right text-slate-900 tabular-nums" data-testid="pool-cost">
                {p.pricePerLicense === null ? "—" : money(monthlyCost(p.capacity, p.pricePerLicense))}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t border-slate-300">
            <th scope="row" colSpan={2} className="py-1.5 text-left font-semibold text-slate-900">
              Total per month
            </th>
            <td className="py-1.5 text-right font-semibold text-slate-900 tabular-nums" data-testid="contract-total">
              {money(total)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
