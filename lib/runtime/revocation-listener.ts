import "server-only";
import type postgres from "postgres";
import { REVOCATION_CHANNEL, type RevocationNotice } from "@/lib/licensing/revocations";
import { forgetTokens } from "@/lib/licensing/tokens";
import { errorFields, log } from "./log";

/**
 * Listens for revocations on PostgreSQL (postgres.js keeps LISTEN on a connection of its own and
 * listens again after reconnecting). Notices sent while the connection was down are lost, so
 * every (re)listen forgets all remembered tokens; the 5 s token memory is the last fallback.
 */
export async function listenForRevocations(client: postgres.Sql): Promise<() => Promise<void>> {
  const listening = await client.listen(
    REVOCATION_CHANNEL,
    (payload) => {
      try {
        forgetTokens(JSON.parse(payload) as RevocationNotice);
      } catch (e) {
        log.warn(errorFields(e), "ignored a malformed revocation notice");
      }
    },
    () => forgetTokens("all"),
  );
  return () => listening.unlisten();
}
