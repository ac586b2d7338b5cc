import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// The bench's output: plain tables on stdout and one JSON file with the machine it ran on.

export function machineFacts(database: string) {
  return {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    database,
    /** Load averages (1, 5, 15 min) when the run started: the machine is shared, so figures are noisy. */
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

type Row = Record<string, string | number | boolean | null | undefined>;

/** A fixed-width table. */
export function table(title: string, rows: Row[]): string {
  if (rows.length === 0) return `\n${title}\n  (nothing measured)\n`;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: Row[string]) => (v === undefined || v === null ? "" : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => "  " + values.map((v, i) => v.padEnd(widths[i]!)).join("  ");
  return [
    ``,
    title,
    line(columns),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ].join("\n");
}

export function writeResults(results: unknown, name: string, dir = path.join(process.cwd(), "bench-results")): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
  return file;
}
