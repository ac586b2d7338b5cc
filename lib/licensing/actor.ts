import type { AccountRole } from "@/db/schema";

/** Who is acting: recorded on every audit event and denial, and checked by `can()`. */
export type Actor =
  | { type: "account"; id: string; label: string; role: AccountRole; organizationId: string | null }
  | { type: "token"; id: string; label: string; kind: "operator" }
  | { type: "token"; id: string; label: string; kind: "contract_api_key"; contractId: string; organizationId: string }
  /** A customer directory's SCIM token: it reaches its own organization and nothing else. */
  | { type: "token"; id: string; label: string; kind: "scim"; name: string; organizationId: string }
  /**
   * The job leader (label "system"), or a person acting by a link without a console account: a
   * manager deciding an access review by their review link (label "<name> via review link").
   */
  | { type: "system"; label: string };

export const systemActor: Actor = { type: "system", label: "system" };

export function actorId(actor: Actor): string | null {
  return actor.type === "system" ? null : actor.id;
}
