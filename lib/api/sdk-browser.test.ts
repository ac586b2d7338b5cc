import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { getRequestListener } from "@hono/node-server";
import { chromium } from "@playwright/test";
import { buildSync } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { organizationById } from "@/lib/console/manage-lists";
import { createOperatorToken } from "@/lib/licensing/tokens";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { createApiApp } from "./app";

// What a web application does with the published SDK: the packed tarball, bundled for the browser
// (esbuild with the browser platform refuses any Node built-in), runs in Chromium on a page served
// by a real HTTP server with the real /api/v1 app, reads a list through `list()` and changes a
// record through `call()` (whose Idempotency-Key comes from the browser's crypto).

const repo = path.resolve(import.meta.dirname, "../..");
const repoModules = path.join(repo, "node_modules");
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "seatkeeper-browser-"));
let server: Server | undefined;
afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  fs.rmSync(folder, { recursive: true, force: true });
});

/**
 * The packed tarball's files, where a project's node_modules would hold them. It is packed from a
 * copy of the package, so its build (prepack) never races another test packing the same folder.
 */
function installedTarball() {
  const copy = path.join(folder, "package");
  fs.cpSync(path.join(repo, "packages/client"), copy, {
    recursive: true,
    filter: (source) => !/[\\/](dist|node_modules)$/.test(source),
  });
  fs.symlinkSync(repoModules, path.join(copy, "node_modules"));
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", folder], {
      cwd: copy,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, PATH: `${path.join(repoModules, ".bin")}${path.delimiter}${process.env.PATH}` },
    }),
  ) as { filename: string }[];
  const into = path.join(folder, "app/node_modules/@seatkeeper/client");
  fs.mkdirSync(into, { recursive: true });
  execFileSync("tar", ["-xzf", path.join(folder, packed[0]!.filename), "-C", into, "--strip-components=1"]);
}

const probe = `import { createClient, createManagementClient } from "@seatkeeper/client";
const given = new URLSearchParams(location.hash.slice(1));
const manage = createManagementClient({ baseUrl: location.origin, operatorToken: given.get("token") });
window.result = (async () => {
  const found = [];
  for await (const organization of manage.list("/api/v1/manage/organizations", { query: { siteId: given.get("siteId") } }))
    found.push(organization.id);
  const changed = await manage.call((once) =>
    manage.api.PATCH("/api/v1/manage/organizations/{id}", {
      params: { path: { id: given.get("id") } },
      body: { name: given.get("name") },
      ...once,
    }),
  );
  return { found, renamed: changed.organization.name, createClient: typeof createClient };
})().catch((error) => ({ error: String(error) }));
`;

/** The probe bundled for the browser: the tarball's files, their dependencies from the repository's install. */
function browserBundle() {
  const app = path.join(folder, "app");
  fs.writeFileSync(path.join(app, "probe.js"), probe);
  // nodePaths lends the bundler the SDK's dependencies from the repository's install.
  buildSync({
    absWorkingDir: app,
    entryPoints: ["probe.js"],
    bundle: true,
    platform: "browser",
    format: "esm",
    outfile: "bundle.js",
    logLevel: "error",
    nodePaths: [repoModules],
  });
  return fs.readFileSync(path.join(app, "bundle.js"), "utf8");
}

async function serve(db: Database, bundle: string) {
  const api = getRequestListener(createApiApp({ db: () => db }).fetch);
  server = createServer((req, res) => {
    if (req.url === "/") res.writeHead(200, { "content-type": "text/html" }).end(page);
    else if (req.url === "/bundle.js") res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
    else void api(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const page = `<!doctype html><html lang="en"><title>SDK probe</title><script type="module" src="/bundle.js"></script></html>`;

describe("@seatkeeper/client in a browser", () => {
  it("bundles from the tarball without Node built-ins and calls a real server from Chromium", async () => {
    installedTarball();
    const bundle = browserBundle();
    expect(bundle).not.toMatch(/from\s*["']node:/);

    const db = await testDb();
    const f = await makeOrganization(db, { pools: [{ module: "web", model: "concurrent", capacity: 1 }] });
    const token = (await createOperatorToken(db, testOperator, unique("browser"))).secret;
    const origin = await serve(db, bundle);
    const name = unique("Renamed in a browser");
    const given = new URLSearchParams({ token, siteId: f.organization.siteId, id: f.organization.id, name });

    const browser = await chromium.launch({
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
    });
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on("pageerror", (error) => errors.push(error.message));
      await tab.goto(`${origin}/#${given}`);
      const result = await tab.evaluate(() => (window as unknown as { result: Promise<unknown> }).result);
      expect(result).toEqual({ found: [f.organization.id], renamed: name, createClient: "function" });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
    expect((await organizationById(db, f.organization.id))?.name).toBe(name);
  });
});
