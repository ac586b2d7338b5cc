import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const packageDir = path.resolve(import.meta.dirname, "..");
const repoModules = path.resolve(packageDir, "../../node_modules");
const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
};
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "seatkeeper-client-"));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const run = (command: string, args: string[]) =>
  execFileSync(command, args, { cwd: folder, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

// What a plain JavaScript project does with the published package: no TypeScript, no loader, no
// bundler. The tarball's dependencies come from the repository's own install (file: overrides), so
// the test needs no network and installs exactly what the tarball asks for.
describe("the @seatkeeper/client tarball", () => {
  it("packs, installs and imports in a fresh plain-JavaScript Node project", { timeout: 240_000 }, () => {
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", folder], { cwd: packageDir, encoding: "utf8" }),
    ) as { filename: string; files: { path: string }[] }[];
    const tarball = packed[0]!;
    const shipped = tarball.files.map((file) => file.path);
    expect(shipped).toEqual(
      expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/schema.d.ts", "README.md"]),
    );
    expect(shipped.filter((file) => file.startsWith("src/") || file.endsWith(".test.js"))).toEqual([]);

    const wanted = [...Object.keys(manifest.dependencies), "openapi-typescript-helpers"];
    const overrides = Object.fromEntries(wanted.map((name) => [name, `file:${path.join(repoModules, name)}`]));
    fs.writeFileSync(
      path.join(folder, "package.json"),
      JSON.stringify({
        name: "plain-consumer",
        private: true,
        type: "module",
        dependencies: { [manifest.name]: `file:./${tarball.filename}` },
        overrides,
      }),
    );
    run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"]);
    const installed = path.join(folder, "node_modules", manifest.name);
    expect(fs.lstatSync(installed).isSymbolicLink(), "installed from the tarball, not linked").toBe(false);

    fs.writeFileSync(
      path.join(folder, "probe.mjs"),
      `import { createClient, verifyWebhook, SeatkeeperError } from "${manifest.name}";
const client = createClient({ baseUrl: "http://127.0.0.1:9", apiKey: "sk_probe" });
console.log(JSON.stringify({
  createClient: typeof createClient,
  license: typeof client.license,
  verifyWebhook: typeof verifyWebhook,
  error: new SeatkeeperError(409, "POOL_FULL", "full").code,
}));`,
    );
    expect(JSON.parse(run("node", ["probe.mjs"]))).toEqual({
      createClient: "function",
      license: "function",
      verifyWebhook: "function",
      error: "POOL_FULL",
    });
    const types = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as {
      exports: { ".": { types: string } };
      version: string;
    };
    expect(fs.existsSync(path.join(installed, types.exports["."].types))).toBe(true);
    expect(types.version).toMatch(/^0\.\d+\.\d+$/);
  });
});
