import { renewalTimeline, type TimelineContract } from "@/lib/console/renewals";
import type { PoolUsage } from "@/lib/licensing/usage";
import { ContractCosts } from "./contract-costs";
import { RenewalTimeline } from "./renewal-timeline";

type OutlookContract = TimelineContract & {
  pools: (TimelineContract["pools"][number] & Pick<PoolUsage, "poolId" | "pricePerLicense" | "currency">)[];
};

/** Below a contract's pools: what it costs per month, and its renewal timeline. */
export function ContractOutlook({
  contract,
  contracts,
  timeZone,
  locale,
}: {
  contract: OutlookContract;
  contracts: TimelineContract[];
  timeZone: string;
  locale: string;
}) {
  return (
    <div className="grid gap-6 border-t border-slate-100 px-5 py-4 lg:grid-cols-2">
      <ContractCosts currency={contract.pools[0]?.currency ?? null} pools={contract.pools} locale={locale} />
      <RenewalTimeline events={renewalTimeline(contract, contracts, timeZone)} />
    </div>
  );
}
