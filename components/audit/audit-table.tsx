import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { AuditRow } from "@/lib/console/audit-queries";
import { auditActionLabel, auditTargetLabel } from "@/lib/console/audit-labels";
import { When } from "@/components/ui/when";
import { ChangeSummary } from "./change-summary";

export function AuditTable({ events, names = {} }: { events: AuditRow[]; names?: Record<string, string> }) {
  return (
    <Table stickyHeader>
      <THead>
        <tr>
          <Th>When</Th>
          <Th>Actor</Th>
          <Th>Action</Th>
          <Th>Target</Th>
          <Th>Change</Th>
        </tr>
      </THead>
      <TBody>
        {events.map((e) => (
          <Tr key={e.id}>
            <Td className="lg:whitespace-nowrap">
              <When at={e.createdAt} />
            </Td>
            <Td className="max-w-56 break-words">
              {e.actorLabel}
              {e.actorType !== "account" && e.actorLabel !== e.actorType ? (
                <span className="ml-2 text-xs text-slate-500">{e.actorType}</span>
              ) : null}
            </Td>
            <Td>
              <Badge tone={e.action === "refused" ? "danger" : "brand"} title={e.action}>
                {auditActionLabel(e.action)}
              </Badge>
            </Td>
            <Td className="lg:whitespace-nowrap">
              {auditTargetLabel(e.targetType)}
              {e.targetId ? (
                <div className="text-xs text-slate-500" title={e.targetId}>
                  {names[e.targetId] ? (
                    <span className="font-medium text-slate-800">{names[e.targetId]}</span>
                  ) : (
                    <span className="font-mono">
                      {e.targetId.length > 12 ? `${e.targetId.slice(0, 8)}…` : e.targetId}
                    </span>
                  )}
                </div>
              ) : null}
            </Td>
            <Td className="[overflow-wrap:anywhere]">
              <ChangeSummary before={e.before} after={e.after} names={names} />
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
