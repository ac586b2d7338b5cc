import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { DenialRow } from "@/lib/console/denials-queries";
import { When } from "@/components/ui/when";

/** Refused acquisitions: when, where, who or which device, the code and the sentence the client got. */
export function DenialsTable({ rows, showOrganization }: { rows: DenialRow[]; showOrganization: boolean }) {
  return (
    <Table aria-label="Denials" stickyHeader>
      <THead>
        <tr>
          <Th>When</Th>
          {showOrganization ? <Th>Organization</Th> : null}
          <Th>Pool</Th>
          <Th>User or device</Th>
          <Th>Client</Th>
          <Th>Code</Th>
          <Th>Sentence</Th>
        </tr>
      </THead>
      <TBody>
        {rows.map((d) => (
          <Tr key={d.id}>
            <Td className="lg:whitespace-nowrap">
              <When at={d.createdAt} />
            </Td>
            {showOrganization ? (
              <Td>
                <Link
                  prefetch={false}
                  className="text-brand-700 hover:underline"
                  href={`/denials?org=${d.organizationId}`}
                >
                  {d.organizationName}
                </Link>
              </Td>
            ) : null}
            <Td>{d.moduleName ?? "—"}</Td>
            <Td className="max-w-56 break-words">
              {d.username ? (
                d.userId ? (
                  <Link
                    prefetch={false}
                    className="text-brand-700 hover:underline"
                    href={`/users/${d.userId}?org=${d.organizationId}`}
                  >
                    {d.username}
                  </Link>
                ) : (
                  d.username
                )
              ) : null}
              {d.deviceId ? <div className="font-mono text-xs break-all text-slate-500">{d.deviceId}</div> : null}
              {/* A refusal in the console names no user or device: the person who tried it. */}
              {!d.username && !d.deviceId ? <span className="text-slate-700">by {d.actor}</span> : null}
            </Td>
            <Td>{d.clientType ?? (d.kind === "activation" ? "activation" : "—")}</Td>
            <Td>
              <Badge tone="danger" className="font-mono break-all whitespace-normal! lg:whitespace-nowrap!">
                {d.code}
              </Badge>
            </Td>
            <Td className="max-w-xs break-words lg:max-w-md">{d.message}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
