import type { Database } from "@/db/client";
import { poolUsages } from "@/lib/licensing/usage";
import { createScimToken } from "@/lib/licensing/tokens";
import { createScimApp } from "@/lib/scim/app";
import { testOperator } from "./fixtures";

type Ref = { value: string; display?: string };

/** What SCIM answers carry, as the tests read them (every field optional: one type for every answer). */
export type ScimBody = {
  schemas?: string[];
  id?: string;
  externalId?: string;
  userName?: string;
  displayName?: string;
  active?: boolean;
  emails?: { value: string; primary?: boolean }[];
  groups?: Ref[];
  members?: Ref[];
  meta?: { resourceType: string; location: string; version: string };
  status?: string;
  scimType?: string;
  detail?: string;
  totalResults?: number;
  startIndex?: number;
  itemsPerPage?: number;
  Resources?: ScimBody[];
};

/** A SCIM client of one organization: the app server.ts serves, with a fresh token of that organization. */
export async function scimClient(db: Database, organizationId: string, tokenName = "Entra ID") {
  const app = createScimApp({ db: () => db });
  const { secret, scimToken } = await createScimToken(db, testOperator, organizationId, tokenName);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.fetch(
      new Request(`http://localhost/scim/v2${path}`, {
        method,
        headers: {
          authorization: `Bearer ${secret}`,
          ...(body !== undefined ? { "content-type": "application/scim+json" } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      }),
    );
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as ScimBody };
  };
  return { call, secret, tokenId: scimToken.id, app };
}

/** Seats a pool holds now, computed from the rows (rule 1). */
export async function seatsInUse(db: Database, organizationId: string, poolId: string) {
  const usage = (await poolUsages(db, { organizationId })).find((p) => p.poolId === poolId);
  return usage?.inUse ?? 0;
}
