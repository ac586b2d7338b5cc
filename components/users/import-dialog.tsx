"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type ChangeEvent } from "react";
import { checkImportAction, importUsersAction } from "@/app/(console)/users/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { importFileSizeError } from "@/lib/console/import-file";
import type { ImportCheck, ImportResult } from "@/lib/licensing/import-users";
import { ImportReport } from "./import-report";
import { SkippedRowsDownload } from "./skipped-rows-download";

const plural = (n: number, word = "user") => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What the import button says: all the rows, or the valid ones when others are skipped. */
function importLabel(check: ImportCheck | null) {
  if (!check || check.validRows === 0) return "Import";
  if (check.validRows === check.rows.length) return `Import ${plural(check.validRows)}`;
  return `Import the ${plural(check.validRows, "valid row")}`;
}

/**
 * CSV import in two steps: choosing a file only checks it (a row-by-row report and the licence
 * impact, nothing written); the import then creates the valid rows in one transaction and skips
 * the others, which stay downloadable with their reasons as a file to fix and import again.
 */
export function ImportDialog({ organizationId }: { organizationId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [check, setCheck] = useState<ImportCheck | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const downloadRef = useRef<HTMLButtonElement>(null);
  // After an import that skipped rows the dialog stays open on the download of those rows.
  const form = useActionForm({ focusAfterSuccess: downloadRef });
  const { pending, error } = form;

  function clear() {
    setCsv(null);
    setCheck(null);
    setDone(null);
    form.reset();
    setFileName("");
  }

  function reset(next: boolean) {
    if (pending) return;
    setOpen(next);
    if (!next) clear();
  }

  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setCheck(null);
    setCsv(null);
    form.reset();
    if (!file) return;
    setFileName(file.name);
    const tooLarge = importFileSizeError(file.size);
    if (tooLarge) return form.refuse(tooLarge);
    const text = await file.text();
    setCsv(text);
    const checked = await form.run(() => checkImportAction({ organizationId, csv: text }));
    if (checked) setCheck(checked);
  }

  async function importValid() {
    if (!csv) return;
    const imported = await form.run(async () => {
      const result = await importUsersAction({ organizationId, csv });
      if (!result.ok) return result;
      const skipped = result.data.skipped.length;
      const message = `${plural(result.data.created)} imported${skipped ? `; ${plural(skipped, "row")} skipped` : ""}.`;
      return { ...result, message };
    });
    if (!imported) return;
    router.refresh();
    if (imported.skipped.length) {
      setDone(imported);
      setCheck(null);
      setCsv(null);
      return;
    }
    setOpen(false);
    clear();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={reset}
      size="lg"
      trigger={<Button variant="secondary">Import CSV</Button>}
      title="Import users from CSV"
      description="Columns: username,email,profile,status,credentials,validTo,manager (username and email required; profile by name; status active or inactive; credentials issued, none or revoked; validTo YYYY-MM-DD; manager by username, of the organization or the file). At most 2 MB. Nothing is written until you confirm; rows with errors are skipped."
      footer={
        done ? (
          <DialogClose asChild>
            <Button>Done</Button>
          </DialogClose>
        ) : (
          <>
            <DialogClose asChild>
              <Button variant="secondary" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button onClick={importValid} disabled={pending || !check?.canImport}>
              {importLabel(check)}
            </Button>
          </>
        )
      }
    >
      {done ? (
        <div className="space-y-3">
          <p role="status" className="text-sm text-slate-700">
            {plural(done.created)} imported. {plural(done.skipped.length, "row")} of {fileName} could not be imported;
            download them with the reason for each, fix them and import that file.
          </p>
          <SkippedRowsDownload ref={downloadRef} rows={done.skipped} fileName={fileName} />
        </div>
      ) : (
        <div className="space-y-4">
          <label className="block text-sm font-medium text-slate-700">
            CSV file
            <input
              type="file"
              accept=".csv,text/csv"
              onChange={choose}
              className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm"
            />
          </label>
          {pending && !check ? (
            <p role="status" className="text-sm text-slate-500">
              Checking {fileName}…
            </p>
          ) : null}
          <FormError message={error} />
          {check ? <ImportReport check={check} fileName={fileName} /> : null}
        </div>
      )}
    </Dialog>
  );
}
