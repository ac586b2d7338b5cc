// `npm start`: builds the app when there is no production build yet, then runs the server in this
// process, so the server stays the only process that opens the embedded database.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { env } from "@/lib/env";
import { isOperatorError } from "@/lib/cli/run";
import { loadDotEnv } from "@/lib/runtime/dotenv";

class BuildError extends Error {}

function build(): Promise<void> {
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  console.log("No production build found (.next/BUILD_ID): running next build…");
  return new Promise((resolve, reject) => {
    // `next build` never opens the database; its output streams straight through.
    const child = spawn(process.execPath, [nextBin, "build"], {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0
        ? resolve()
        : reject(new BuildError(`next build failed (${signal ?? `exit code ${code}`}); see its output above.`)),
    );
  });
}

async function main() {
  loadDotEnv();
  // A wrong variable stops here, before a minute of building.
  env();
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) await build();
  await import("../server");
}

main().catch((e: unknown) => {
  console.error(isOperatorError(e) || e instanceof BuildError ? e.message : e);
  process.exit(1);
});
