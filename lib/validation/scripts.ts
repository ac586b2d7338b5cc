// Rule 23's other half: a name that looks like another is not a second name. Usernames are kept to
// one script (Unicode Technical Standard #39's "single script" level), so "аnna.keller" with a
// Cyrillic "а" can't stand beside "anna.keller": digits, punctuation and combining marks go with
// any script, and Han goes with the scripts written with it (Japanese kana, Hangul, Bopomofo).

/** Every script's ISO 15924 code, as `\p{scx=…}` names it (Common, Inherited and Unknown left out). */
const SCRIPT_CODES = `
  Adlm Aghb Ahom Arab Armi Armn Avst Bali Bamu Bass Batk Beng Berf Bhks Bopo Brah Brai Bugi Buhd Cakm
  Cans Cari Cham Cher Chrs Copt Cpmn Cprt Cyrl Deva Diak Dogr Dsrt Dupl Egyp Elba Elym Ethi Gara Geor
  Glag Gong Gonm Goth Gran Grek Gujr Gukh Guru Hang Hani Hano Hatr Hebr Hira Hluw Hmng Hmnp Hung Ital
  Java Kali Kana Kawi Khar Khmr Khoj Kits Knda Krai Kthi Lana Laoo Latn Lepc Limb Lina Linb Lisu Lyci
  Lydi Mahj Maka Mand Mani Marc Medf Mend Merc Mero Miao Mlym Modi Mong Mroo Mtei Mult Mymr Nagm Nand
  Narb Nbat Newa Nkoo Nshu Ogam Olck Onao Orkh Orya Osge Osma Ougr Palm Pauc Perm Phag Phli Phlp Phnx
  Plrd Prti Rjng Rohg Runr Samr Sarb Saur Sgnw Shaw Shrd Sidd Sidt Sind Sinh Sogd Sogo Sora Soyo Sund
  Sunu Sylo Syrc Tagb Takr Tale Talu Taml Tang Tavt Tayo Telu Tfng Tglg Thaa Thai Tibt Tirh Tnsa Todr
  Tols Toto Tutg Ugar Vaii Vith Wara Wcho Xpeo Xsux Yezi Yiii Zanb
`
  .trim()
  .split(/\s+/);

/** A script's test; a code this runtime's Unicode tables don't know yet is left out, not an error. */
const scriptTests: [string, RegExp][] = SCRIPT_CODES.flatMap((code): [string, RegExp][] => {
  try {
    return [[code, new RegExp(`^\\p{scx=${code}}$`, "u")]];
  } catch {
    return [];
  }
});

/** Characters of every script: digits, punctuation, spaces, symbols and combining marks. */
const anyScript = /^[\p{scx=Zyyy}\p{scx=Zinh}]$/u;

/** Writing systems that mix scripts (UTS #39's augmented script sets): Han with kana, Hangul or Bopomofo. */
const WRITTEN_WITH: Record<string, string[]> = {
  Hani: ["Jpan", "Kore", "Hanb"],
  Hira: ["Jpan"],
  Kana: ["Jpan"],
  Hang: ["Kore"],
  Bopo: ["Hanb"],
};

/** The scripts a character belongs to, or null for one that goes with any. */
function scriptsOf(ch: string): string[] | null {
  if (/^[A-Za-z]$/.test(ch)) return ["Latn"];
  if (ch.charCodeAt(0) < 0x80 || anyScript.test(ch)) return null;
  const own = scriptTests.filter(([, test]) => test.test(ch)).map(([code]) => code);
  if (own.length === 0) return null;
  return [...own, ...own.flatMap((code) => WRITTEN_WITH[code] ?? [])];
}

const scriptNames = new Intl.DisplayNames(["en"], { type: "script" });
const scriptName = (code: string) => scriptNames.of(code) ?? code;

/** Two scripts a text mixes, and the first character of the one it has fewer of, as "U+0430". */
export type ScriptMix = { scripts: [string, string]; odd: { character: string; codePoint: string; script: string } };

/** Where a text mixes scripts, or null when its letters are of one script. */
export function mixedScripts(text: string): ScriptMix | null {
  const chars = [...text].map((ch) => ({ ch, scripts: scriptsOf(ch) }));
  let resolved: string[] | null = null;
  for (const { scripts } of chars) {
    if (!scripts) continue;
    if (!resolved) {
      resolved = scripts;
      continue;
    }
    const both: string[] = scripts.filter((code) => resolved!.includes(code));
    if (both.length) {
      resolved = both;
      continue;
    }
    const [first, second] = [resolved[0]!, scripts[0]!];
    const count = (code: string) => chars.filter((c) => c.scripts?.includes(code)).length;
    const oddScript = count(second) < count(first) ? second : first;
    const odd = chars.find((c) => c.scripts?.includes(oddScript))!.ch;
    return {
      scripts: [scriptName(first), scriptName(second)],
      odd: {
        character: odd,
        codePoint: "U+" + odd.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0"),
        script: scriptName(oddScript),
      },
    };
  }
  return null;
}
