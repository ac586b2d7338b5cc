import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's 0–4 scale: 3 is "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;

let zxcvbn: ZxcvbnFactory | undefined;

/**
 * Why a new console password is refused, as a sentence, or null when it is acceptable: at least
 * 12 characters, not only spaces, not the account's email, and not common or easily guessed.
 */
export function passwordProblem(password: string, email: string): string | null {
  if (password.trim() === "") return "The password must not be only spaces.";
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  const normalizedEmail = email.trim().toLowerCase();
  const lower = password.trim().toLowerCase();
  if (lower === normalizedEmail || lower === normalizedEmail.split("@")[0]) {
    return "The password must not be the account's email.";
  }
  zxcvbn ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  // Only the first 100 characters are scored: zxcvbn's cost grows quickly with length.
  const result = zxcvbn.check(password.slice(0, 100), [
    normalizedEmail,
    ...normalizedEmail.split(/[@.]/),
    "seatkeeper",
  ]);
  if (result.score < MIN_PASSWORD_SCORE) {
    return "The password is too common or easy to guess; use a longer one, such as a few unrelated words.";
  }
  return null;
}
