import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { When } from "@/components/ui/when";
import type { BorrowListItem } from "@/lib/licensing/borrow-admin";
import { RevokeBorrowButton } from "./revoke-borrow-button";

/**
 * The sessions page's "Borrowed seats" (rule 25): seats taken offline, each until it is returned,
 * revoked here or runs out. Server-rendered from the page's data; a revocation refreshes it (revalidatePath).
 */
export function BorrowedSeats({
  organizationId,
  borrows,
  canRevoke,
}: {
  organizationId: string;
  borrows: BorrowListItem[];
  canRevoke: boolean;
}) {
  return (
    <Card className="mt-6" aria-labelledby="borrowed-seats-title">
      <CardHeader
        title={<span id="borrowed-seats-title">Borrowed seats</span>}
        description="Seats of concurrent pools taken offline with a signed lease. Each counts until it is returned, revoked or runs out."
      />
      {borrows.length === 0 ? (
        <EmptyState title="No borrowed seats">
          A licensed application borrows a seat to work offline, when its pool allows borrowing.
        </EmptyState>
      ) : (
        <Table>
          <THead>
            <tr>
              <Th>User</Th>
              <Th>Pool</Th>
              <Th>Device</Th>
              <Th>Borrowed</Th>
              <Th>Returns by itself</Th>
              {canRevoke ? <Th className="text-right">Actions</Th> : null}
            </tr>
          </THead>
          <TBody>
            {borrows.map((b) => {
              const label = `${b.username ?? "anonymous"} on ${b.deviceId} (${b.moduleName})`;
              return (
                <Tr key={b.id}>
                  <Td className="font-medium text-slate-900">
                    {b.username ?? <span className="font-normal text-slate-500">Anonymous</span>}
                  </Td>
                  <Td>{b.moduleName}</Td>
                  <Td className="max-w-48 truncate font-mono text-xs" title={b.deviceId}>
                    {b.deviceId}
                  </Td>
                  <Td className="whitespace-nowrap">
                    <When at={b.startedAt} />
                    <div className="text-xs text-slate-500">for {b.hours} h</div>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <When at={b.expiresAt} />
                  </Td>
                  {canRevoke ? (
                    <Td className="text-right">
                      <RevokeBorrowButton organizationId={organizationId} borrowId={b.id} label={label} />
                    </Td>
                  ) : null}
                </Tr>
              );
            })}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
