"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { When } from "@/components/ui/when";

export type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** API keys or operator tokens: name, prefix, created, last used, revoked; revoke with a confirmation. */
export function TokenTable({
  tokens,
  what,
  emptyText,
  onRevoke,
}: {
  tokens: TokenRow[];
  /** "API key" or "operator token", for the sentences. */
  what: string;
  emptyText: string;
  /** Absent for people who may not revoke: then no button shows. */
  onRevoke?: (id: string) => Promise<string | null>;
}) {
  if (tokens.length === 0) return <EmptyState title={`No ${what}s yet`}>{emptyText}</EmptyState>;
  return (
    <Table>
      <THead>
        <tr>
          <Th>Name</Th>
          <Th className="hidden lg:table-cell">Prefix</Th>
          <Th>Created</Th>
          <Th>Last used</Th>
          <Th>State</Th>
          {onRevoke ? <Th className="text-right">Actions</Th> : null}
        </tr>
      </THead>
      <TBody>
        {tokens.map((t) => (
          <Tr key={t.id}>
            <Td className="font-medium text-slate-900">
              {t.name}
              {/* Below lg the prefix folds in here, so the row's Revoke stays on screen at 768 px. */}
              <div className="font-mono text-xs font-normal text-slate-500 lg:hidden">{t.prefix}…</div>
            </Td>
            <Td className="hidden font-mono text-xs lg:table-cell">{t.prefix}…</Td>
            <Td className="whitespace-nowrap">
              <When at={t.createdAt} />
              {t.createdBy ? <div className="text-xs text-slate-500">by {t.createdBy}</div> : null}
            </Td>
            <Td className="whitespace-nowrap">
              {t.lastUsedAt ? <When at={t.lastUsedAt} /> : <span className="text-slate-500">Never</span>}
            </Td>
            <Td className="whitespace-nowrap">
              {t.revokedAt ? (
                <>
                  <Badge>Revoked</Badge>
                  <When at={t.revokedAt} className="block text-xs text-slate-500" />
                </>
              ) : (
                <Badge tone="success">Active</Badge>
              )}
            </Td>
            {onRevoke ? (
              <Td className="text-right">
                {t.revokedAt ? null : (
                  <ConfirmDialog
                    trigger={
                      <Button
                        variant="ghost"
                        className="px-2 py-1 text-xs text-red-700"
                        aria-label={`Revoke ${t.name}`}
                      >
                        Revoke
                      </Button>
                    }
                    title={`Revoke ${what} “${t.name}”?`}
                    confirmLabel="Revoke"
                    onConfirm={() => onRevoke(t.id)}
                  >
                    Anything using it is refused from the next request on. This cannot be undone.
                  </ConfirmDialog>
                )}
              </Td>
            ) : null}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
