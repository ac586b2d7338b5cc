import { describe, expect, it } from "vitest";
import type { ImportRowReport } from "@/lib/licensing/import-users";
import { parseUserCsv } from "./csv";
import { importFileSizeError, skippedRowsCsv, skippedRowsFileName, USER_CSV_MAX_BYTES } from "./import-file";

const row = (line: number, username: string, errors: string[], email = `${username}@example.com`): ImportRowReport => ({
  line,
  username,
  ok: errors.length === 0,
  errors,
  cells: { username, email, profile: "Case handlers", status: "active", credentials: "issued", validTo: "" },
});

describe("the file of rows not imported", () => {
  const rows = [
    row(2, "good", []),
    row(3, "mail", ["The email is not a valid address"], "not, an email"),
    row(5, "twice", ["The username is taken", 'There is no profile named "X"']),
  ];

  it("holds only the bad rows, their cells as written and a reason naming the line", () => {
    const text = skippedRowsCsv(rows);
    expect(text.split("\r\n")).toEqual([
      "username,email,profile,status,credentials,validTo,manager,reason",
      'mail,"not, an email",Case handlers,active,issued,,,Line 3: The email is not a valid address',
      'twice,twice@example.com,Case handlers,active,issued,,,"Line 5: The username is taken; There is no profile named ""X"""',
      "",
    ]);
  });

  it("can be imported again as it is: the reason column is read past", () => {
    const parsed = parseUserCsv(skippedRowsCsv(rows));
    expect(parsed.ok && parsed.rows.map((r) => [r.username, r.email])).toEqual([
      ["mail", "not, an email"],
      ["twice", "twice@example.com"],
    ]);
  });

  it("is named after the file chosen", () => {
    expect(skippedRowsFileName("staff.CSV")).toBe("staff-not-imported.csv");
    expect(skippedRowsFileName("list")).toBe("list-not-imported.csv");
  });
});

describe("the size of an import file, checked before it is sent", () => {
  it("accepts a file up to the limit and words a larger or empty one", () => {
    expect(importFileSizeError(USER_CSV_MAX_BYTES)).toBeNull();
    expect(importFileSizeError(USER_CSV_MAX_BYTES + 400_000)).toBe(
      "The file is 2.4 MB; a file of at most 2 MB (about 5,000 users) can be imported. Split it into smaller files.",
    );
    expect(importFileSizeError(0)).toBe("The file is empty.");
  });
});
