import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { sentenceCase } from "@/lib/console/format";
import { formatMoney } from "@/lib/money/money";

type Plan = {
  id: string;
  name: string;
  description: string | null;
  currency: string | null;
  modules: {
    moduleName: string;
    model: string;
    includedCapacity: number;
    maxCapacity: number | null;
    pricePerLicense: number | null;
  }[];
};

export function PlansTable({ plans, locale }: { plans: Plan[]; locale: string }) {
  return (
    <Table>
      <THead>
        <tr>
          <Th>Plan</Th>
          <Th>Module</Th>
          <Th>Model</Th>
          <Th className="text-right">Included</Th>
          <Th className="text-right">Maximum</Th>
        </tr>
      </THead>
      <TBody>
        {plans.flatMap((plan) =>
          plan.modules.map((m, i) => (
            <Tr key={`${plan.id}:${m.moduleName}`}>
              <Td className="font-medium text-slate-900">
                {i === 0 ? (
                  <>
                    {plan.name}
                    {plan.description ? (
                      <div className="max-w-64 text-xs font-normal text-slate-500">{plan.description}</div>
                    ) : null}
                  </>
                ) : null}
              </Td>
              <Td>
                {m.moduleName}
                {/* Under the name, not a column of its own: the table fits its card without scrolling. */}
                {m.pricePerLicense !== null && plan.currency ? (
                  <div className="text-xs text-slate-600 tabular-nums">
                    {formatMoney(m.pricePerLicense, plan.currency, locale)} per licence a month
                  </div>
                ) : null}
              </Td>
              <Td>
                <Badge>{sentenceCase(m.model)}</Badge>
              </Td>
              <Td className="text-right tabular-nums">{m.includedCapacity}</Td>
              <Td className="text-right tabular-nums">{m.maxCapacity ?? "No maximum"}</Td>
            </Tr>
          )),
        )}
      </TBody>
    </Table>
  );
}
