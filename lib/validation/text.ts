import { z } from "zod";

// Rule 23: text is clean. Every string a person or a client sends is NFC-normalised; names,
// usernames and keys refuse control characters (NUL included), lone surrogates, and invisible or
// bidi-override characters, so two names that look the same are the same name. Free text
// (descriptions) may also hold newlines and tabs.

/**
 * Control (Cc), format (Cf: zero-width space/joiners U+200B–U+200F, bidi embeddings and overrides
 * U+202A–U+202E and isolates U+2066–U+2069, word joiner and invisible operators U+2060–U+2064,
 * U+FEFF, soft hyphen…), lone surrogates (Cs), line/paragraph separators, and the letters that
 * render as nothing (combining grapheme joiner, Hangul fillers, Khmer inherent vowels).
 */
const notInNames = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u034F\u115F\u1160\u17B4\u17B5\u3164\uFFA0]/u;
/** Free text also allows tab, newline and carriage return, and the joiners some scripts and emoji need. */
const notInFreeText =
  /[\p{Cs}\p{Zl}\p{Zp}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/u;

/**
 * The rules as JSON Schema patterns for the API's document: explicit BMP ranges only, because
 * validators differ on the u flag (without it `\\p{Cc}` means the letters p, C, c). The name pattern
 * names the controls, separators and the invisible characters people paste (zero-width, bidi,
 * soft hyphen, fillers); the server also refuses every other format character and lone surrogates.
 */
export const namePattern =
  "^[^\\u0000-\\u001F\\u007F-\\u009F\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180E\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\u3164\\uFEFF\\uFFA0\\uFFF9-\\uFFFB]*$";
export const freeTextPattern =
  "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]*$";
const cleanRule =
  "NFC-normalised and trimmed; refused with 422 when it holds a control, invisible or bidi-override character";

const codePoint = (ch: string) => "U+" + ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");

/** The first character a name may not hold, as "U+200B", or null when the text is clean. */
export function uncleanCharacter(text: string, kind: "name" | "freeText" = "name"): string | null {
  const match = (kind === "name" ? notInNames : notInFreeText).exec(text);
  return match ? codePoint(match[0]) : null;
}

const cleanMessage = (label: string, text: string, kind: "name" | "freeText") =>
  `${label} contains an invisible or control character (${uncleanCharacter(text, kind)}); type it again without it`;

/** A name, username or key: NFC, trimmed, 1..max characters, no control/invisible/bidi characters. */
export function cleanName(label: string, max: number, min = 1) {
  return (
    z
      .string({ message: `${label} must be text` })
      // Checked before trimming, which would silently drop a leading U+FEFF or a trailing tab.
      .refine((v) => uncleanCharacter(v) === null, { error: (i) => cleanMessage(label, String(i.input), "name") })
      .normalize("NFC")
      .trim()
      .min(min, min === 1 ? `${label} is required` : `${label} is at least ${min} characters`)
      .max(max, `${label} is at most ${max} characters`)
      .meta({ pattern: namePattern, description: `Clean text: ${cleanRule}.` })
  );
}

/** Free text (a description): NFC, trimmed, at most max characters; newlines and tabs allowed. */
export function cleanFreeText(label: string, max: number) {
  return z
    .string({ message: `${label} must be text` })
    .refine((v) => uncleanCharacter(v, "freeText") === null, {
      error: (i) => cleanMessage(label, String(i.input), "freeText"),
    })
    .normalize("NFC")
    .trim()
    .max(max, `${label} is at most ${max} characters`)
    .meta({
      pattern: freeTextPattern,
      description: `Free text (newlines and tabs allowed): ${cleanRule}.`,
    });
}

/**
 * The key usernames are compared by (rule 23), the same on both databases because it is computed
 * here, not by the database's collation: compatibility-normalised (NFKC), then a full case fold
 * (upper then lower case, so ß/ẞ/SS/ss, σ/ς/Σ and precomposed/decomposed letters meet).
 */
export function foldUsername(username: string): string {
  // ẞ (U+1E9E) is its own upper case and lowers to ß: fold it to "ss" like ß's upper case SS does.
  return username.normalize("NFKC").toUpperCase().toLowerCase().replace(/ß/g, "ss").normalize("NFKC");
}

/** Text PostgreSQL can store, for records of refused input: no NUL, no lone surrogates, at most max characters. */
export function storableText(value: unknown, max = 200): string | null {
  if (typeof value !== "string") return null;
  const text = Array.from(value.replace(/\p{Cs}/gu, "\uFFFD").replace(/\u0000/g, ""))
    .slice(0, max)
    .join("");
  return text.length ? text : null;
}

/** A query parameter's text filter: refused by name when PostgreSQL couldn't take it (a NUL, a lone surrogate). */
export const filterText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => storableText(v, max) === v, "text without NUL characters or unpaired surrogates");
