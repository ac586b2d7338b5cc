import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { ImportCheck } from "@/lib/licensing/import-users";
import { LicenceImpact } from "./licence-impact";
import { SkippedRowsDownload } from "./skipped-rows-download";

function summary(check: ImportCheck) {
  const total = check.rows.length;
  const bad = total - check.validRows;
  if (bad === 0) return total === 1 ? "The row is valid." : `All ${total} rows are valid.`;
  if (check.validRows === 0)
    return `None of the ${total} rows can be imported; fix them in the file and choose it again.`;
  return `${bad} of ${total} rows can't be imported and will be skipped; the other ${check.validRows} can be imported now.`;
}

/** What an import would do: the licence impact per module, then each row ok or why it will be skipped. */
export function ImportReport({ check, fileName }: { check: ImportCheck; fileName: string }) {
  const bad = check.rows.length - check.validRows;
  const short = check.impact.filter((m) => !m.ok);
  return (
    <div className="space-y-3">
      <p role="status" className="text-sm text-slate-700">
        {summary(check)} {short.length ? "There are not enough licences for every row of this file." : null}
      </p>
      {bad ? <SkippedRowsDownload rows={check.rows} fileName={fileName} /> : null}
      {check.impact.length ? (
        <div>
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Licence impact</h3>
          <LicenceImpact impact={check.impact} />
        </div>
      ) : (
        <p className="text-sm text-slate-500">The valid rows take no licences (no seat-holding users).</p>
      )}
      <div className="max-h-72 overflow-y-auto rounded-md border border-slate-200">
        <Table aria-label="Rows of the file">
          <THead>
            <tr>
              <Th>Line</Th>
              <Th>Username</Th>
              <Th>Result</Th>
            </tr>
          </THead>
          <TBody>
            {check.rows.map((r) => (
              <Tr key={r.line}>
                <Td className="tabular-nums">{r.line}</Td>
                <Td className="font-medium text-slate-900">
                  {r.username || <span className="text-slate-500">(empty)</span>}
                </Td>
                <Td>
                  {r.ok ? (
                    <Badge tone="success">OK</Badge>
                  ) : (
                    <ul className="space-y-0.5 text-red-700">
                      {r.errors.map((e) => (
                        <li key={e}>{e}</li>
                      ))}
                    </ul>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </div>
    </div>
  );
}
