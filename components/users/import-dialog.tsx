"use client";

import { useRouter } from "next/navigation";
import { useState, type ChangeEvent } from "react";
import { checkImportAction, importUsersAction } from "@/app/(console)/users/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import type { ImportCheck } from "@/lib/licensing/import-users";
import { ImportReport } from "./import-report";

const plural = (n: number) => `${n} user${n === 1 ? "" : "s"}`;

/**
 * CSV import in two steps: choosing a file only checks it (a row-by-row report and the licence
 * impact, nothing written); "Import N users" then creates them all in one transaction, or none.
 */
export function ImportDialog({ organizationId }: { organizationId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [check, setCheck] = useState<ImportCheck | null>(null);
  const form = useActionForm();
  const { pending, error } = form;

  function reset(next: boolean) {
    if (pending) return;
    setOpen(next);
    if (!next) {
      setCsv(null);
      setCheck(null);
      form.reset();
      setFileName("");
    }
  }

  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setCheck(null);
    form.reset();
    if (!file) return;
    setFileName(file.name);
    const text = await file.text();
    setCsv(text);
    const checked = await form.run(() => checkImportAction({ organizationId, csv: text }));
    if (checked) setCheck(checked);
  }

  async function importAll() {
    if (!csv) return;
    const imported = await form.run(async () => {
      const result = await importUsersAction({ organizationId, csv });
      return result.ok ? { ...result, message: `${plural(result.data.created)} imported.` } : result;
    });
    if (!imported) return;
    setOpen(false);
    setCsv(null);
    setCheck(null);
    setFileName("");
    router.refresh();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={reset}
      size="lg"
      trigger={<Button variant="secondary">Import CSV</Button>}
      title="Import users from CSV"
      description="Columns: username,email,profile,status,credentials,validTo (username and email required; profile by name; status active or inactive; credentials issued, none or revoked; validTo YYYY-MM-DD). Nothing is written until you confirm."
      footer={
        <>
          <DialogClose asChild>
            <Button variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button onClick={importAll} disabled={pending || !check?.canImport}>
            {check ? `Import ${plural(check.rows.length)}` : "Import"}
          </Button>
        </>
      }
    >
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
        {check ? <ImportReport check={check} /> : null}
      </div>
    </Dialog>
  );
}
