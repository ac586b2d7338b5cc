import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { sentenceCase } from "@/lib/console/format";

type Plan = {
  id: string;
  name: string;
  description: string | null;
  modules: { moduleName: string; model: string; includedCapacity: number; maxCapacity: number | null }[];
};

export function PlansTable({ plans }: { plans: Plan[] }) {
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
              <Td>{m.moduleName}</Td>
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
