import "server-only";
import { closeDb } from "@/db/client";
import { EnvError } from "@/lib/env";
import { loadDotEnv } from "@/lib/runtime/dotenv";

/**
 * Errors a person can act on without a stack trace: a wrong environment variable, or an embedded
 * database folder held by a running server. Their message is the whole story.
 */
export function isOperatorError(e: unknown): e is Error {
  return e instanceof EnvError || (e instanceof Error && e.name === "DataFolderBusyError");
}

/**
 * Runs a command-line script (after reading `.env`): its exit code, or 1 with one sentence for a known problem. The
 * database is always closed so an embedded folder is released for the server.
 */
export async function runScript(main: () => Promise<number | void>): Promise<never> {
  let code: number;
  try {
    loadDotEnv();
    code = (await main()) ?? 0;
  } catch (e) {
    if (isOperatorError(e)) console.error(e.message);
    else console.error(e);
    code = 1;
  }
  try {
    await closeDb();
  } catch (e) {
    console.error(e);
    code ||= 1;
  }
  process.exit(code);
}
