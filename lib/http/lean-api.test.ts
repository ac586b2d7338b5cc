import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { matchApiRoute } from "./lean-api";

// The lean /api/v1 path must serve every API route exactly as app/api/v1 declares it, so the
// two never drift apart (a route missing here would still work through Next.js, but slowly and
// with its own rate-limit window).

const apiDir = path.join(process.cwd(), "app", "api", "v1");
const routeFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : [],
    );

describe("lean /api/v1 router", () => {
  it("serves every method of every API route file, with its path parameters", async () => {
    const files = routeFiles(apiDir).filter((f) => !f.includes("openapi.json"));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const route = path.relative(apiDir, path.dirname(file)).split(path.sep);
      const methods = Object.keys((await import(file)) as object).filter((k) =>
        /^(GET|POST|PATCH|PUT|DELETE)$/.test(k),
      );
      const url = "/api/v1/" + route.map((s) => (s.startsWith("[") ? `x-${s.slice(1, -1)}` : s)).join("/");
      for (const method of methods) {
        const match = matchApiRoute(method, url);
        expect(match, `${method} ${url}`).not.toBeNull();
        for (const s of route.filter((s) => s.startsWith("[")))
          expect(match!.params[s.slice(1, -1)]).toBe(`x-${s.slice(1, -1)}`);
      }
    }
  });

  it("leaves other paths and methods to Next.js", () => {
    expect(matchApiRoute("GET", "/dashboard")).toBeNull();
    expect(matchApiRoute("PUT", "/api/v1/sessions")).toBeNull();
    expect(matchApiRoute("GET", "/api/v1/sessions/a/b/c")).toBeNull();
    expect(matchApiRoute("GET", "/api/v1/license/")).toBeNull();
    expect(matchApiRoute("DELETE", "/api/v1/sessions/abc%20d")?.params).toEqual({ id: "abc d" });
  });
});
