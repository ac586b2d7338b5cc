import { expect, test, type APIRequestContext } from "@playwright/test";
import { Caller, createProfile, createUser, dayFromToday, ok, operatorToken, refused, uniqueTag } from "./api/support";
import { storageStatePath } from "./fixtures";

// Costs and renewals (SPEC §5) as the operator sees any organization: prices per licence per month
// in a contract's currency, formatted in the viewer's locale (German here), the cost change a
// capacity dialog previews, the renewal timeline and the dashboard's notice 30 days ahead.

test.use({ storageState: storageStatePath("operator"), locale: "de-DE" });

type Contract = { id: string; pools: { module: string }[] };

/** A new organization with a priced contract ending in 20 days, and optionally its renewal. */
async function pricedOrganization(request: APIRequestContext, { renewal }: { renewal: boolean }) {
  const manage = new Caller(request, operatorToken());
  const tag = uniqueTag();
  const desk = { key: `desk-${tag}`, name: `Desk ${tag}` };
  const named = { key: `files-${tag}`, name: `Files ${tag}` };
  for (const m of [desk, named]) await ok(manage.post("/api/v1/manage/modules", m), 201);
  const { organization } = await ok<{ organization: { id: string } }>(
    manage.post("/api/v1/manage/organizations", { name: `Costs ${tag}` }),
    201,
  );
  const { contract } = await ok<{ contract: Contract }>(
    manage.post("/api/v1/manage/contracts", {
      organizationId: organization.id,
      startsAt: dayFromToday(-10),
      endsAt: dayFromToday(20),
      currency: "EUR",
      pools: [
        { module: desk.key, model: "concurrent", capacity: 4, maxCapacity: 20, pricePerLicense: 2_500 },
        { module: named.key, model: "named", capacity: 3, pricePerLicense: 1_000 },
      ],
    }),
    201,
  );
  const next = renewal
    ? (
        await ok<{ contract: Contract }>(
          manage.post("/api/v1/manage/contracts", {
            organizationId: organization.id,
            startsAt: dayFromToday(21),
            endsAt: dayFromToday(400),
            currency: "EUR",
            pools: [{ module: desk.key, model: "concurrent", capacity: 6, pricePerLicense: 2_400 }],
          }),
          201,
        )
      ).contract
    : null;
  return { manage, organization, contract, renewal: next, desk, named };
}

test("the contract page shows each pool's monthly cost and the total, in the viewer's locale", async ({
  page,
  request,
}) => {
  const t = await pricedOrganization(request, { renewal: true });
  await page.goto(`/contract?org=${t.organization.id}`);
  const card = page.locator(`#contract-${t.contract.id}`);
  const costs = card.getByTestId("contract-costs");
  // 4 × 25,00 € and 3 × 10,00 €, as German readers write them.
  await expect(costs.getByRole("row", { name: new RegExp(t.desk.name) })).toContainText("100,00 €");
  await expect(costs.getByRole("row", { name: new RegExp(t.named.name) })).toContainText("30,00 €");
  await expect(costs.getByTestId("contract-total")).toHaveText("130,00 €");

  const timeline = card.getByTestId("renewal-timeline");
  await expect(timeline.locator("li")).toHaveCount(3);
  await expect(timeline.locator('li[data-kind="start"]')).toContainText("Contract starts");
  await expect(timeline.locator('li[data-kind="end"]')).toContainText("Last day in force");
  await expect(timeline.locator('li[data-kind="renewal"]')).toContainText("Renewed by Custom contract");
  await timeline.getByRole("link", { name: "Renewed by Custom contract" }).click();
  await expect(page).toHaveURL(new RegExp(`#contract-${t.renewal!.id}$`));
});

test("the capacity dialog previews the monthly cost change before anything is changed", async ({ page, request }) => {
  const t = await pricedOrganization(request, { renewal: false });
  await page.goto(`/contract?org=${t.organization.id}`);
  await page.getByRole("button", { name: `Change capacity of ${t.desk.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Change capacity: ${t.desk.name}` });
  await expect(dialog.getByTestId("capacity-cost")).toContainText("100,00 €");
  await dialog.getByLabel("New capacity").fill("6");
  await expect(dialog.getByTestId("capacity-cost")).toContainText("150,00 €");
  await expect(dialog.getByTestId("capacity-cost-change")).toHaveText("(+50,00 € a month)");
  await dialog.getByLabel("New capacity").fill("3");
  await expect(dialog.getByTestId("capacity-cost-change")).toHaveText("(-25,00 € a month)");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  // Nothing changed: the cost on the page is the same.
  await expect(page.getByTestId("contract-total")).toHaveText("130,00 €");
});

test("30 days before a contract ends, the dashboard says so with a link to its timeline", async ({ page, request }) => {
  const t = await pricedOrganization(request, { renewal: false });
  await page.goto(`/dashboard?org=${t.organization.id}`);
  const notice = page.getByRole("region", { name: "Contract renewals" });
  await expect(notice).toContainText("Custom contract is in force through");
  // Its last day is 20 days from today: the end (midnight after it) is 20 to 21 days away.
  await expect(notice).toContainText(/\(in 2[01] days\)/);
  await expect(notice).toContainText("No renewal contract exists yet.");
  await notice.getByRole("link", { name: "See the renewal timeline" }).click();
  await expect(page).toHaveURL(new RegExp(`/contract\\?org=${t.organization.id}#contract-${t.contract.id}$`));
  await expect(page.locator(`#contract-${t.contract.id}`).getByTestId("renewal-timeline")).toContainText(
    "No renewal contract yet",
  );
});

test("the usage page says in money what the licences never used cost", async ({ page, request }) => {
  const t = await pricedOrganization(request, { renewal: false });
  const card = page.getByRole("region", { name: t.desk.name });
  // The sampler records the new pool within 15 s: nothing in use, so every licence is spare.
  await expect
    .poll(
      async () => {
        await page.goto(`/usage?org=${t.organization.id}&range=24h`);
        return card.getByTestId("right-sizing-cost").count();
      },
      { timeout: 45_000 },
    )
    .toBe(1);
  await expect(card.getByTestId("right-sizing-cost")).toHaveText(
    "Lowering the capacity to 0 would save 100,00 € a month (4 licences); the peak stays below the pool's warning.",
  );
});

test("bad prices and currencies are refused with a sentence, and nothing is created", async ({ request }) => {
  const manage = new Caller(request, operatorToken());
  const tag = uniqueTag();
  await ok(manage.post("/api/v1/manage/modules", { key: `price-${tag}`, name: `Price ${tag}` }), 201);
  const { organization } = await ok<{ organization: { id: string } }>(
    manage.post("/api/v1/manage/organizations", { name: `Bad prices ${tag}` }),
    201,
  );
  const pool = { module: `price-${tag}`, model: "concurrent", capacity: 2 };
  const contract = (body: object) =>
    manage.post("/api/v1/manage/contracts", { organizationId: organization.id, pools: [pool], ...body });

  // Malformed bodies are refused at the edge (400); a price with no currency by the engine (422).
  expect((await refused(contract({ currency: "EURO" }), 400, "VALIDATION_FAILED")).message).toContain("ISO 4217");
  expect(
    (
      await refused(
        contract({ currency: "EUR", pools: [{ ...pool, pricePerLicense: 19.99 }] }),
        400,
        "VALIDATION_FAILED",
      )
    ).message,
  ).toContain("whole number");
  expect((await refused(contract({ pools: [{ ...pool, pricePerLicense: 1_999 }] }), 422, "INVALID")).message).toContain(
    "currency",
  );
  await refused(contract({ currency: "EUR", pools: [{ ...pool, pricePerLicense: -1 }] }), 422, "VALUE_OUT_OF_RANGE");

  const usage = await ok<{ contracts: unknown[] }>(manage.get(`/api/v1/manage/organizations/${organization.id}/usage`));
  expect(usage.contracts).toEqual([]);
});

test("a renewal with fewer named licences than seats held shows the pool over its limit on the dashboard", async ({
  page,
  request,
}) => {
  const manage = new Caller(request, operatorToken());
  const tag = uniqueTag();
  const mod = { key: `seats-${tag}`, name: `Seats ${tag}` };
  await ok(manage.post("/api/v1/manage/modules", mod), 201);
  const { organization } = await ok<{ organization: { id: string; name: string; siteId: string } }>(
    manage.post("/api/v1/manage/organizations", { name: `Over ${tag}` }),
    201,
  );
  const { contract } = await ok<{ contract: Contract }>(
    manage.post("/api/v1/manage/contracts", {
      organizationId: organization.id,
      startsAt: dayFromToday(-30),
      endsAt: dayFromToday(30),
      pools: [{ module: mod.key, model: "named", capacity: 5 }],
    }),
    201,
  );
  const tenant = {
    tag,
    organization,
    contract,
    modules: { seats: mod.key },
    moduleNames: { seats: mod.name },
    manage,
    client: manage,
    apiKey: { id: "", name: "", secret: "" },
  };
  const profile = await createProfile(tenant, "Everyone", [mod.key]);
  for (const name of ["ada", "ben", "cy"])
    await createUser(tenant, { username: `${name}-${tag}`, profileId: profile.id, credentials: "issued" });

  // The old contract ends yesterday; the renewal in force from today buys only 2 licences.
  await ok(manage.patch(`/api/v1/manage/contracts/${contract.id}`, { endsAt: dayFromToday(-1) }));
  await ok(
    manage.post("/api/v1/manage/contracts", {
      organizationId: organization.id,
      pools: [{ module: mod.key, model: "named", capacity: 2 }],
    }),
    201,
  );

  await page.goto(`/dashboard?org=${organization.id}`);
  const banner = page.getByRole("region", { name: "Limit warnings" });
  await expect(banner).toContainText("1 licence pool needs attention");
  await expect(banner).toContainText(`${mod.name} is over its limit: 3 of 2.`);
  await expect(banner.getByRole("link", { name: `See the users holding ${mod.name} seats` })).toBeVisible();
});
