import Link from "next/link";
import { Badge, type Tone } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { When } from "@/components/ui/when";
import type { DeliveryView } from "@/lib/webhooks/endpoints";
import { RedeliverButton } from "./endpoint-controls";

export const deliveryStatusTone: Record<DeliveryView["status"], Tone> = {
  pending: "warning",
  delivered: "success",
  failed: "danger",
};

/** The receiver's last answer: its HTTP status, or the error when it gave none. */
export function LastAnswer({ statusCode, error }: { statusCode: number | null; error: string | null }) {
  if (statusCode !== null) return <>{statusCode}</>;
  if (!error) return <>—</>;
  return (
    <>
      No answer
      <span className="block text-xs break-words text-slate-500">{error}</span>
    </>
  );
}

/** Deliveries to one endpoint, newest first; each event links to the delivery's attempts. */
export function DeliveriesTable({
  label,
  endpointId,
  rows,
  canManage,
}: {
  label: string;
  endpointId: string;
  rows: DeliveryView[];
  canManage: boolean;
}) {
  return (
    <Table aria-label={label}>
      <THead>
        <tr>
          <Th>Event</Th>
          <Th>Status</Th>
          <Th>Response</Th>
          <Th>Latency</Th>
          <Th>Attempts</Th>
          <Th>Last attempt</Th>
          <Th>Next retry</Th>
          {canManage ? <Th>Redeliver</Th> : null}
        </tr>
      </THead>
      <TBody>
        {rows.map((d) => (
          <Tr key={d.id}>
            <Td className="font-mono text-xs">
              <Link
                href={`/catalogue/webhooks/${endpointId}/deliveries/${d.id}`}
                className="text-brand-700 underline-offset-2 hover:underline"
              >
                {d.eventType}
              </Link>
              <When at={d.createdAt} className="block text-slate-500" />
            </Td>
            <Td>
              <Badge tone={deliveryStatusTone[d.status]}>{d.status}</Badge>
            </Td>
            <Td title={d.lastError ?? undefined}>
              <LastAnswer statusCode={d.lastStatusCode} error={d.lastError} />
            </Td>
            <Td>{d.lastLatencyMs === null ? "—" : `${d.lastLatencyMs} ms`}</Td>
            <Td>{d.attempts}</Td>
            <Td>{d.lastAttemptAt ? <When at={d.lastAttemptAt} /> : "—"}</Td>
            <Td>{d.nextAttemptAt ? <When at={d.nextAttemptAt} /> : "—"}</Td>
            {canManage ? (
              <Td>
                <RedeliverButton endpointId={endpointId} deliveryId={d.id} label={`${d.eventType} ${d.eventId}`} />
              </Td>
            ) : null}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
