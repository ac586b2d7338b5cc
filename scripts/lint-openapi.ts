// npm run lint:openapi: the OpenAPI document the server serves (built from the route table, with
// the servers entry a deployment answers with) through Redocly's and Spectral's recommended
// rulesets (redocly.yaml, .spectral.yaml). Any error or warning from either fails.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openApiDocument } from "@/lib/api/table";

// A deployment's origin: the served document names the origin it was asked at.
const DEPLOYED_ORIGIN = "https://licences.seatkeeper.app";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "seatkeeper-openapi-"));
const file = path.join(folder, "openapi.json");
fs.writeFileSync(file, JSON.stringify(openApiDocument(DEPLOYED_ORIGIN), null, 2));
/** A linter's command line: node and its package's own bin entry. */
function bin(manifestUrl: string, name: string): [string, string[]] {
  const manifest = fileURLToPath(manifestUrl);
  const { bin: bins } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { bin: Record<string, string> };
  return [process.execPath, [path.resolve(path.dirname(manifest), bins[name]!)]];
}
const quiet = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

/** Redocly exits 0 on warnings: its JSON report's totals decide, its code frames show why. */
function redocly(): boolean {
  const [node, cli] = bin(import.meta.resolve("@redocly/cli/package.json"), "redocly");
  const args = [...cli, "lint", "--config", path.resolve("redocly.yaml"), file];
  const report = execFileSync(node, [...args, "--format", "json"], { encoding: "utf8", env: quiet });
  const { totals } = JSON.parse(report) as { totals: { errors: number; warnings: number } };
  if (totals.errors + totals.warnings === 0) return true;
  try {
    execFileSync(node, args, { stdio: ["ignore", "inherit", "inherit"], env: quiet });
  } catch {
    // The code frames are printed; the totals above already decided.
  }
  return false;
}

function spectral(): boolean {
  try {
    const [node, cli] = bin(import.meta.resolve("@stoplight/spectral-cli/package.json"), "spectral");
    const ruleset = path.resolve(".spectral.yaml");
    execFileSync(node, [...cli, "lint", "--ruleset", ruleset, "--fail-severity", "hint", file], {
      stdio: ["ignore", "inherit", "inherit"],
      env: quiet,
    });
    return true;
  } catch {
    return false;
  }
}

const results = [
  { name: "Redocly (recommended)", clean: redocly() },
  { name: "Spectral (spectral:oas)", clean: spectral() },
];
for (const { name, clean } of results) console.log(`${name}: ${clean ? "no errors, no warnings" : "FAILED (above)"}.`);
fs.rmSync(folder, { recursive: true, force: true });
process.exit(results.every((r) => r.clean) ? 0 : 1);
