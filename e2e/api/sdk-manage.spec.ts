import { createClient, createManagementClient } from "@seatkeeper/client";
import { expect } from "@playwright/test";
import { operatorToken, test, uniqueTag } from "./support";

// The SDK's management client (operatorToken) provisions a customer end to end, as a CRM would,
// and reads it back page by page; the licence client then uses what it set up.

const baseUrl = () => test.info().project.use.baseURL!;
const fast = { baseDelayMs: 100, maxDelayMs: 1_000, retries: 4 };

test.describe("@seatkeeper/client: the management client", () => {
  test("sets up a customer, lists its users over pages, and the key it made opens a session", async () => {
    const tag = uniqueTag();
    const manage = createManagementClient({ baseUrl: baseUrl(), operatorToken: operatorToken(), retry: fast });

    // Set-up: a module, an organization, a contract with a named pool, a key and five users.
    const moduleKey = `sdk-manage-${tag}`;
    await manage.call((once) =>
      manage.api.POST("/api/v1/manage/modules", { body: { key: moduleKey, name: "SDK" }, ...once }),
    );
    const { organization } = await manage.call((once) =>
      manage.api.POST("/api/v1/manage/organizations", { body: { name: `SDK customer ${tag}` }, ...once }),
    );
    const { contract } = await manage.call((once) =>
      manage.api.POST("/api/v1/manage/contracts", {
        body: { organizationId: organization.id, pools: [{ module: moduleKey, model: "concurrent", capacity: 5 }] },
        ...once,
      }),
    );
    const { secret } = await manage.call((once) =>
      manage.api.POST("/api/v1/manage/contracts/{id}/api-keys", {
        params: { path: { id: contract.id } },
        body: { name: "SDK set-up" },
        ...once,
      }),
    );
    const usernames = ["ada", "ben", "cyd", "dag", "eva"].map((name) => `${name}-${tag}`);
    for (const username of usernames)
      await manage.call((once) =>
        manage.api.POST("/api/v1/manage/organizations/{id}/users", {
          params: { path: { id: organization.id } },
          body: { username, email: `${username}@example.test` },
          ...once,
        }),
      );

    // Read back two at a time: the iterator follows nextCursor to the end, newest first.
    const pages: string[] = [];
    for await (const user of manage.list("/api/v1/manage/organizations/{id}/users", {
      path: { id: organization.id },
      query: { limit: 2 },
    }))
      pages.push(user.username);
    expect(pages.toSorted()).toEqual(usernames.toSorted());
    const found = await manage.all("/api/v1/manage/organizations", { query: { name: `SDK customer ${tag}` } });
    expect(found.map((o) => o.id)).toEqual([organization.id]);

    const client = createClient({ baseUrl: baseUrl(), apiKey: secret, retry: fast });
    const session = await client.openSession({
      module: moduleKey,
      clientType: "desktop",
      deviceId: "pc-1",
    });
    await session.close();
  });
});
