import { expect } from "@playwright/test";
import {
  createProfile,
  createUser,
  dayFromToday,
  licensePool,
  ok,
  openSession,
  openedSession,
  provision,
  refused,
  test,
} from "./support";

// Client API: who may open a session (rule 9) and named pools, over real HTTP.

test.describe("client API: users on sessions", () => {
  test("each user refusal has its code; usernames match case-insensitively", async ({ request }) => {
    const t = await provision(request, {
      archive: { model: "concurrent", capacity: 10 },
      reports: { model: "concurrent", capacity: 10 },
    });
    const archiveOnly = await createProfile(t, "Archive only", [t.modules.archive]);
    await createUser(t, { username: "Ada.Lovelace", profileId: archiveOnly.id, credentials: "issued" });
    await createUser(t, { username: "inactive", profileId: archiveOnly.id, credentials: "issued", status: "inactive" });
    await createUser(t, {
      username: "expired",
      profileId: archiveOnly.id,
      credentials: "issued",
      validTo: dayFromToday(-1),
    });
    await createUser(t, { username: "no-login", profileId: archiveOnly.id, credentials: "none" });
    await createUser(t, { username: "no-profile", credentials: "issued" });
    const open = (username: string, module = t.modules.archive) =>
      openSession(t.client, { module, clientType: "desktop", deviceId: `pc-${username}`, username });

    expect(await refused(open("nobody"), 404, "USER_NOT_FOUND")).toMatchObject({ username: "nobody" });
    await refused(open("inactive"), 403, "USER_INACTIVE");
    await refused(open("expired"), 403, "USER_EXPIRED");
    await refused(open("no-login"), 403, "NO_CREDENTIALS");
    await refused(open("no-profile"), 403, "MODULE_NOT_GRANTED");
    await refused(open("ada.lovelace", t.modules.reports), 403, "MODULE_NOT_GRANTED");
    await refused(open("ada.lovelace", `unknown-${t.tag}`), 404, "MODULE_NOT_LICENSED");

    await openedSession(t.client, {
      module: t.modules.archive,
      clientType: "web",
      deviceId: "laptop",
      username: "ADA.LOVELACE",
    });
    expect((await licensePool(t, t.modules.archive)).inUse).toBe(1);
    await openedSession(t.client, {
      module: t.modules.archive,
      clientType: "desktop",
      deviceId: "desk",
      username: "ada.lovelace",
    });
    expect((await licensePool(t, t.modules.archive)).inUse).toBe(2);
  });

  test("on a named pool a session needs a user holding a seat there, and takes nothing more", async ({ request }) => {
    const t = await provision(request, { cases: { model: "named", capacity: 2 } });
    const lawyers = await createProfile(t, "Lawyers", [t.modules.cases]);
    await createUser(t, { username: "holder", profileId: lawyers.id, credentials: "issued" });
    await createUser(t, { username: "outsider", credentials: "issued" });
    expect(await licensePool(t, t.modules.cases)).toMatchObject({ model: "named", inUse: 1, available: 1 });

    await refused(
      openSession(t.client, { module: t.modules.cases, clientType: "desktop", deviceId: "pc" }),
      404,
      "USER_NOT_FOUND",
    );
    await refused(
      openSession(t.client, { module: t.modules.cases, clientType: "desktop", deviceId: "pc", username: "outsider" }),
      403,
      "MODULE_NOT_GRANTED",
    );
    const desk = await openedSession(t.client, {
      module: t.modules.cases,
      clientType: "desktop",
      deviceId: "pc",
      username: "Holder",
    });
    const web = await openedSession(t.client, {
      module: t.modules.cases,
      clientType: "web",
      deviceId: "browser",
      username: "holder",
    });
    const mobile = await openedSession(t.client, {
      module: t.modules.cases,
      clientType: "mobile",
      deviceId: "phone",
      username: "holder",
    });
    expect(new Set([desk.id, web.id, mobile.id]).size).toBe(3);
    expect(await licensePool(t, t.modules.cases)).toMatchObject({ inUse: 1, available: 1 });
    expect(
      (await ok<{ session: { id: string } }>(t.client.post(`/api/v1/sessions/${web.id}/heartbeat`))).session.id,
    ).toBe(web.id);
    expect((await t.client.delete(`/api/v1/sessions/${web.id}`)).status()).toBe(204);
    expect(await licensePool(t, t.modules.cases)).toMatchObject({ inUse: 1 });
  });
});
