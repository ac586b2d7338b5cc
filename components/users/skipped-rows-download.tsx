"use client";

import type { Ref } from "react";
import { Button } from "@/components/ui/button";
import { skippedRowsCsv, skippedRowsFileName } from "@/lib/console/import-file";
import type { ImportRowReport } from "@/lib/licensing/import-users";

/** Saves the rows that were not imported, with a reason column, as a CSV file made in the browser. */
export function SkippedRowsDownload({
  rows,
  fileName,
  ref,
}: {
  rows: ImportRowReport[];
  fileName: string;
  ref?: Ref<HTMLButtonElement>;
}) {
  const skipped = rows.filter((r) => !r.ok).length;
  function download() {
    const url = URL.createObjectURL(new Blob([skippedRowsCsv(rows)], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = skippedRowsFileName(fileName);
    link.click();
    URL.revokeObjectURL(url);
  }
  return (
    <Button ref={ref} variant="secondary" onClick={download}>
      Download the {skipped === 1 ? "row" : `${skipped} rows`} with errors (CSV)
    </Button>
  );
}
