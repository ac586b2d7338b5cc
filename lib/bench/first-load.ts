import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

// First-load JavaScript of a route, read from the production build: the root main chunks every
// page loads plus every chunk the route's client reference manifest names for its layouts, page
// and boundaries. Each file is gzipped (level 9, as a CDN would) and the sizes are summed.

export type FirstLoad = { route: string; files: number; rawKB: number; gzipKB: number };

export function firstLoadJs(
  route = "/(console)/dashboard/page",
  nextDir = path.join(process.cwd(), ".next"),
): FirstLoad {
  const routeDir = path.join(nextDir, "server", "app", ...route.split("/").filter(Boolean));
  const buildManifest = JSON.parse(fs.readFileSync(path.join(routeDir, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
  };
  const files = new Set(buildManifest.rootMainFiles);

  const clientManifest = fs.readFileSync(`${routeDir}_client-reference-manifest.js`, "utf8");
  const entry = /"entryJSFiles":(\{[^}]*\})/.exec(clientManifest);
  if (!entry) throw new Error(`No entryJSFiles in the client reference manifest of ${route}`);
  for (const list of Object.values(JSON.parse(entry[1]!) as Record<string, string[]>))
    for (const f of list) files.add(f);

  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const content = fs.readFileSync(path.join(nextDir, f));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { route, files: files.size, rawKB: Math.round(raw / 102.4) / 10, gzipKB: Math.round(gzip / 102.4) / 10 };
}

/**
 * First-load JavaScript of every console page (each `page` under app/(console) in the build),
 * largest first, so the bench can hold each of them to SPEC §7's 200 KB.
 */
export function consoleFirstLoads(nextDir = path.join(process.cwd(), ".next")): FirstLoad[] {
  const appDir = path.join(nextDir, "server", "app");
  const routes: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name === "page_client-reference-manifest.js")
        routes.push(`/${path.relative(appDir, dir).split(path.sep).join("/")}/page`);
    }
  };
  walk(path.join(appDir, "(console)"));
  if (routes.length === 0) throw new Error(`No console pages in the build at ${nextDir}; run \`npx next build\` first`);
  return routes
    .map((r) => firstLoadJs(r, nextDir))
    .sort((a, b) => b.gzipKB - a.gzipKB || a.route.localeCompare(b.route));
}
