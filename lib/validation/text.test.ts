import { describe, expect, it } from "vitest";
import { validationFailure } from "@/lib/http/validation-failure";
import { activationInput, planCreateInput, sessionOpenInput, userCreateInput } from "./licensing";
import { foldUsername, freeTextPattern, namePattern, storableText, uncleanCharacter } from "./text";

const user = (username: string) => userCreateInput.safeParse({ username, email: "a@example.test" });

describe("rule 23: text is clean", () => {
  it.each([
    ["NUL", "bo\u0000b", "U+0000"],
    ["a lone surrogate", "bo\ud800b", "U+D800"],
    ["a zero-width space", "b\u200bob", "U+200B"],
    ["a zero-width joiner", "b\u200dob", "U+200D"],
    ["a right-to-left override", "bob\u202Etxt", "U+202E"],
    ["a bidi isolate", "\u2066bob", "U+2066"],
    ["a word joiner", "bo\u2060b", "U+2060"],
    ["a byte-order mark", "\ufeffbob", "U+FEFF"],
    ["a tab", "bo\tb", "U+0009"],
    ["a Hangul filler", "bob\u3164", "U+3164"],
  ])("refuses %s in a username, naming the field and the character", (_what, username, codePoint) => {
    const parsed = user(username);
    expect(parsed.success).toBe(false);
    const f = validationFailure(parsed.error!);
    expect(f).toMatchObject({ status: 400, code: "VALIDATION_FAILED" });
    expect(f.details.issues).toEqual([{ path: "username", message: expect.stringContaining(codePoint) }]);
  });

  it("normalises names to NFC, so precomposed and decomposed Élodie are one name", () => {
    expect(user("E\u0301lodie").data?.username).toBe("\u00c9lodie");
  });

  it("refuses NUL and lone surrogates in every string of a session and an activation", () => {
    const open = { module: "cm", clientType: "desktop", deviceId: "pc", username: "bob" };
    for (const field of ["module", "clientType", "deviceId", "username"]) {
      const parsed = sessionOpenInput.safeParse({ ...open, [field]: "x\u0000" });
      expect(validationFailure(parsed.error!).details.issues).toEqual([expect.objectContaining({ path: field })]);
      expect(sessionOpenInput.safeParse({ ...open, [field]: "x\udc00" }).success).toBe(false);
    }
    const activate = { module: "cm", fingerprint: "fp", platform: "mobile", username: "bob", name: "Phone" };
    for (const field of ["module", "fingerprint", "platform", "username", "name"]) {
      expect(activationInput.safeParse({ ...activate, [field]: "x\u0000" }).success).toBe(false);
    }
  });

  it("lets free text hold newlines and tabs, but not NUL or bidi overrides", () => {
    const plan = (description: string) =>
      planCreateInput.safeParse({
        name: "P",
        description,
        modules: [{ module: "cm", model: "named", includedCapacity: 1 }],
      });
    expect(plan("Line one\n\tLine two").success).toBe(true);
    expect(plan("a\u0000b").success).toBe(false);
    expect(plan("a\u202Eb").success).toBe(false);
    expect(uncleanCharacter("Line\nbreak", "freeText")).toBeNull();
  });

  it("folds usernames by Unicode case: ß/SS/ss, final sigma, composed letters; İ stays apart from I", () => {
    expect(foldUsername("Straße")).toBe(foldUsername("STRASSE"));
    expect(foldUsername("strasse")).toBe(foldUsername("STRAẞE"));
    expect(foldUsername("ΟΔΥΣΣΕΥΣ")).toBe(foldUsername("οδυσσευς"));
    expect(foldUsername("οδυσσευσ")).toBe(foldUsername("οδυσσευς"));
    expect(foldUsername("E\u0301lodie")).toBe(foldUsername("\u00c9LODIE"));
    expect(foldUsername("ﬁona")).toBe(foldUsername("FIONA"));
    // Unicode's default folding (not the Turkic one): İ folds to i + combining dot, not to i.
    expect(foldUsername("İzmir")).not.toBe(foldUsername("Izmir"));
    expect(foldUsername("İzmir")).toBe(foldUsername("i\u0307zmir"));
  });

  it("keeps only what PostgreSQL can store from refused input", () => {
    expect(storableText("pc\u0000-1\ud800")).toBe("pc-1\ufffd");
    expect(storableText(42)).toBeNull();
    expect(storableText("😀".repeat(3), 2)).toBe("😀😀");
  });
});

describe("the document's patterns for clean text", () => {
  // Every BMP character outside the surrogates, with and without the u flag (validators differ).
  const characters = Array.from({ length: 0x10000 }, (_, code) => code)
    .filter((code) => code < 0xd800 || code > 0xdfff)
    .map((code) => String.fromCharCode(code));

  it.each([
    ["namePattern", namePattern, "name"],
    ["freeTextPattern", freeTextPattern, "freeText"],
  ] as const)("%s refuses only characters the server refuses", (_name, pattern, kind) => {
    for (const flags of ["", "u"]) {
      const documented = new RegExp(pattern, flags);
      const refusedByDocument = characters.filter((ch) => !documented.test(`a${ch}b`));
      expect(refusedByDocument.length).toBeGreaterThan(0);
      expect(refusedByDocument.filter((ch) => uncleanCharacter(`a${ch}b`, kind) === null)).toEqual([]);
    }
  });

  it("free text's pattern is the server's whole rule for the BMP", () => {
    const documented = new RegExp(freeTextPattern);
    const disagree = characters.filter((ch) => documented.test(ch) !== (uncleanCharacter(ch, "freeText") === null));
    expect(disagree).toEqual([]);
  });
});
