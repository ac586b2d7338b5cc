import { describe, expect, it } from "vitest";
import { csvLine, parseUserCsv } from "./csv";

describe("user CSV parsing", () => {
  it("reads the columns in any order and numbers rows by their line in the file", () => {
    const parsed = parseUserCsv(
      '\uFEFFEmail,username,Profile\r\na@example.com,alice,Case handlers\r\n\r\n"b@example.com","bob, jr",\n',
    );
    expect(parsed).toEqual({
      ok: true,
      rows: [
        {
          line: 2,
          username: "alice",
          email: "a@example.com",
          profile: "Case handlers",
          status: undefined,
          credentials: undefined,
          validTo: undefined,
        },
        {
          line: 4,
          username: "bob, jr",
          email: "b@example.com",
          profile: "",
          status: undefined,
          credentials: undefined,
          validTo: undefined,
        },
      ],
    });
  });

  it("keeps short rows as empty cells, so the engine reports what is missing", () => {
    const parsed = parseUserCsv("username,email,profile,status,credentials,validTo\nalice\n");
    expect(parsed.ok && parsed.rows[0]).toEqual({
      line: 2,
      username: "alice",
      email: "",
      profile: "",
      status: "",
      credentials: "",
      validTo: "",
    });
  });

  it("refuses a file without the required header, with unknown columns, or without rows", () => {
    expect(parseUserCsv("")).toEqual({ ok: false, error: "The file is empty." });
    expect(parseUserCsv("alice,a@example.com")).toMatchObject({
      ok: false,
      error: expect.stringContaining("The first line must name the columns"),
    });
    expect(parseUserCsv("username,email,role\nalice,a@example.com,x")).toEqual({
      ok: false,
      error: "Unknown column: role. The columns are username, email, profile, status, credentials, validTo, manager.",
    });
    expect(parseUserCsv("username,email\n\n")).toEqual({ ok: false, error: "The file has a header but no user rows." });
  });
});

describe("CSV export lines", () => {
  it("quotes commas, quotes and newlines and defuses spreadsheet formulas", () => {
    expect(csvLine(["plain", 'say "hi"', "a,b", null, 3])).toBe('plain,"say ""hi""","a,b",,3\r\n');
    expect(csvLine(["=SUM(A1)", "@cmd", "-1"])).toBe("'=SUM(A1),'@cmd,'-1\r\n");
  });
});
