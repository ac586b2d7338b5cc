import { Badge, type Tone } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { InputField, SelectField } from "@/components/ui/field";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { ScimRequest } from "@/db/schema";
import { When } from "@/components/ui/when";
import { scimOutcomes, type ScimLogFilter } from "@/lib/scim/log";

const tone: Record<string, Tone> = { changed: "brand", unchanged: "neutral", refused: "danger", failed: "warning" };

/** Every SCIM request of the organization's directories: who sent it, what it changed or why it was refused. */
export function ProvisioningLog({
  scope,
  filter,
  tokens,
  rows,
  nextBefore,
}: {
  scope: string;
  filter: ScimLogFilter;
  tokens: { id: string; name: string }[];
  rows: ScimRequest[];
  nextBefore: number | null;
}) {
  const isFiltered = Boolean(filter.outcome || filter.tokenId || filter.q);
  const older = new URLSearchParams({
    org: scope,
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.tokenId ? { token: filter.tokenId } : {}),
    ...(filter.q ? { q: filter.q } : {}),
    ...(nextBefore ? { before: String(nextBefore) } : {}),
  });
  return (
    <>
      <form
        method="get"
        action="/directory"
        aria-label="Filter the provisioning log"
        className="grid gap-3 border-b border-slate-100 px-5 py-4 sm:grid-cols-2 lg:grid-cols-4"
      >
        <input type="hidden" name="org" value={scope} />
        <SelectField label="Outcome" name="outcome" defaultValue={filter.outcome ?? ""}>
          <option value="">Any outcome</option>
          {scimOutcomes.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </SelectField>
        <SelectField label="Token" name="token" defaultValue={filter.tokenId ?? ""}>
          <option value="">Any token</option>
          {tokens.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </SelectField>
        <InputField label="Contains" name="q" defaultValue={filter.q ?? ""} placeholder="a name, a module, a path" />
        <div className="flex items-end gap-2">
          <Button type="submit">Apply filter</Button>
          {isFiltered ? (
            <ButtonLink href={`/directory?org=${encodeURIComponent(scope)}`} variant="ghost">
              Clear
            </ButtonLink>
          ) : null}
        </div>
      </form>
      {rows.length === 0 ? (
        <EmptyState title={isFiltered ? "No request matches" : "No SCIM requests yet"}>
          {isFiltered
            ? "Change or clear the filter."
            : "Requests appear here as soon as a directory uses one of the tokens above."}
        </EmptyState>
      ) : (
        <Table aria-label="Provisioning log">
          <THead>
            <tr>
              <Th>When</Th>
              <Th>Token</Th>
              <Th>Request</Th>
              <Th>Outcome</Th>
              <Th>What happened</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((r) => (
              <Tr key={r.id}>
                <Td className="whitespace-nowrap">
                  <When at={r.createdAt} />
                </Td>
                <Td>{r.tokenName}</Td>
                <Td className="font-mono text-xs break-all">
                  {r.method} {r.path}
                </Td>
                <Td>
                  <Badge tone={tone[r.outcome] ?? "neutral"}>
                    {r.outcome} ({r.status})
                  </Badge>
                </Td>
                <Td>{r.summary}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {nextBefore ? (
        <div className="border-t border-slate-100 px-5 py-3">
          <ButtonLink href={`/directory?${older}`} variant="secondary">
            Older requests
          </ButtonLink>
        </div>
      ) : null}
    </>
  );
}
