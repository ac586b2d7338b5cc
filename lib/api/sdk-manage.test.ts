import { createManagementClient, SeatkeeperError } from "@seatkeeper/client";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createOperatorToken } from "@/lib/licensing/tokens";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { createApiApp } from "./app";

// The SDK's management client against the real /api/v1 app in-process: list() follows nextCursor
// to the end of a list, call() throws the API's refusal, and a write's retries share one key.

let manage: ReturnType<typeof createManagementClient>;
let organizationId: string;
const sent: Request[] = [];

beforeAll(async () => {
  const db: Database = await testDb();
  const app = createApiApp({ db: () => db });
  const operatorToken = (await createOperatorToken(db, testOperator, unique("sdk-manage"))).secret;
  organizationId = (await makeOrganization(db, { pools: [{ module: "m", model: "concurrent", capacity: 1 }] }))
    .organization.id;
  manage = createManagementClient({
    baseUrl: "http://localhost",
    operatorToken,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 },
    fetch: async (input, init) => {
      const request = new Request(input, init);
      sent.push(request.clone());
      return app.fetch(request);
    },
  });
});

describe("@seatkeeper/client's management client", () => {
  it("walks a paged list to its end, one page of `limit` at a time", async () => {
    const usernames = Array.from({ length: 5 }, () => unique("u").toLowerCase());
    for (const username of usernames)
      await manage.call((once) =>
        manage.api.POST("/api/v1/manage/organizations/{id}/users", {
          params: { path: { id: organizationId } },
          body: { username, email: `${username}@example.test` },
          ...once,
        }),
      );
    sent.length = 0;
    const listed: string[] = [];
    for await (const user of manage.list("/api/v1/manage/organizations/{id}/users", {
      path: { id: organizationId },
      query: { limit: 2 },
    }))
      listed.push(user.username);
    expect(listed.toSorted()).toEqual(usernames.toSorted());
    expect(sent.length).toBe(Math.ceil(usernames.length / 2));
    expect(new URL(sent[1]!.url).searchParams.get("cursor")).toBeTruthy();
  });

  it("throws the API's refusal as a SeatkeeperError", async () => {
    const refusal = await manage
      .call((once) =>
        manage.api.POST("/api/v1/manage/organizations/{id}/users", {
          params: { path: { id: crypto.randomUUID() } },
          body: { username: "nobody", email: "nobody@example.test" },
          ...once,
        }),
      )
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(SeatkeeperError);
    expect((refusal as SeatkeeperError).status).toBe(404);
  });
});
