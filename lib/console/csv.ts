import Papa from "papaparse";
import type { ImportRowInput } from "@/lib/licensing/import-users";

// CSV in and out of the Users area. Parsing only reads the file's shape (header, cells); what a
// row means (profiles, duplicates, seats) is checked by lib/licensing/import-users.

export const userCsvColumns = ["username", "email", "profile", "status", "credentials", "validTo", "manager"] as const;
type Column = (typeof userCsvColumns)[number];
/** The file of rows not imported adds this column; importing that file again reads past it. */
export const importReasonColumn = "reason";

export type ParsedUserCsv = { ok: true; rows: ImportRowInput[] } | { ok: false; error: string };

/** Largest file accepted, in characters (about 5,000 rows with room to spare). */
export const USER_CSV_MAX_CHARS = 2_000_000;

/**
 * Reads an import file: a header naming the columns (any order, case-insensitive; username and
 * email required), then one user per line. Blank lines are skipped; line numbers are the file's.
 */
export function parseUserCsv(text: string): ParsedUserCsv {
  if (text.length > USER_CSV_MAX_CHARS)
    return { ok: false, error: "The file is too large; split it into files of at most 5,000 users." };
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") return { ok: false, error: "The file is empty." };
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: false });
  const [header, ...lines] = parsed.data;
  if (!header) return { ok: false, error: "The file is empty." };

  const columns = header.map((h) => h.trim().toLowerCase());
  const index = new Map<Column, number>();
  for (const column of userCsvColumns) {
    const at = columns.indexOf(column.toLowerCase());
    if (at >= 0) index.set(column, at);
  }
  const unknown = header.filter(
    (h, i) =>
      h.trim() !== "" &&
      columns[i] !== importReasonColumn &&
      !userCsvColumns.some((c) => c.toLowerCase() === columns[i]),
  );
  if (!index.has("username") || !index.has("email")) {
    return {
      ok: false,
      error: `The first line must name the columns: ${userCsvColumns.join(",")} (username and email are required).`,
    };
  }
  if (unknown.length)
    return {
      ok: false,
      error: `Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. The columns are ${userCsvColumns.join(", ")}.`,
    };

  const rows: ImportRowInput[] = [];
  lines.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === "")) return;
    const cell = (column: Column) => {
      const at = index.get(column);
      return at === undefined ? undefined : (cells[at] ?? "").trim();
    };
    rows.push({
      line: i + 2,
      username: cell("username"),
      email: cell("email"),
      profile: cell("profile"),
      status: cell("status"),
      credentials: cell("credentials"),
      validTo: cell("validTo"),
      manager: cell("manager"),
    });
  });
  if (rows.length === 0) return { ok: false, error: "The file has a header but no user rows." };
  return { ok: true, rows };
}

/**
 * One CSV line. Cells starting with = + - @ (or a tab/CR) get a leading apostrophe so a
 * spreadsheet opening the export never runs them as formulas.
 */
export function csvLine(cells: (string | number | null | undefined)[]): string {
  return (
    cells
      .map((value) => {
        let text = value === null || value === undefined ? "" : String(value);
        if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
        return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
      })
      .join(",") + "\r\n"
  );
}
