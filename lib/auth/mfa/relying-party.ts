import "server-only";
import { headers } from "next/headers";
import { publicOrigin } from "../public-origin";
import { relyingPartyOf, type RelyingParty } from "./passkeys";

/**
 * The WebAuthn relying party of this request: the console's public origin (AUTH_URL, or the
 * Host and X-Forwarded-Proto the browser used) and its host name as the RP ID. A passkey made on
 * one origin only ever answers challenges from that origin.
 */
export async function currentRelyingParty(): Promise<RelyingParty> {
  return relyingPartyOf(publicOrigin(new URL("http://localhost"), await headers()));
}
