import type { ImportRowReport } from "@/lib/licensing/import-users";
import { csvLine, importReasonColumn, userCsvColumns } from "./csv";

/** Largest import file, in bytes (about 5,000 users with room to spare); checked before it is sent. */
export const USER_CSV_MAX_BYTES = 2_000_000;

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1).replace(/\.0$/, "")} MB`;

/** Why a file can't be sent for checking, or null when its size is fine. */
export function importFileSizeError(bytes: number): string | null {
  if (bytes === 0) return "The file is empty.";
  if (bytes <= USER_CSV_MAX_BYTES) return null;
  return `The file is ${megabytes(bytes)}; a file of at most ${megabytes(USER_CSV_MAX_BYTES)} (about 5,000 users) can be imported. Split it into smaller files.`;
}

/**
 * The rows that were not imported, as an import file of their own: the columns as written plus a
 * `reason` column (which the import reads past), so they can be fixed and the file imported again.
 */
export function skippedRowsCsv(rows: ImportRowReport[]): string {
  return (
    csvLine([...userCsvColumns, importReasonColumn]) +
    rows
      .filter((r) => !r.ok)
      .map((r) => csvLine([...userCsvColumns.map((c) => r.cells[c]), `Line ${r.line}: ${r.errors.join("; ")}`]))
      .join("")
  );
}

/** The error file's name, after the file chosen: users.csv → users-not-imported.csv. */
export const skippedRowsFileName = (fileName: string) =>
  `${fileName.replace(/\.csv$/i, "") || "import"}-not-imported.csv`;
