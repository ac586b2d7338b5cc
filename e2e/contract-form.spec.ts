import { expect, test } from "@playwright/test";
import { Caller, dayFromToday, ok, operatorToken, uniqueTag } from "./api/support";
import { expectNoViolations } from "./axe";
import { storageStatePath } from "./fixtures";
import { shot } from "./console-helpers";
import { expectFocusKept } from "./focus";

// The operator's contract form: each pool of the chosen plan shows its minimum (the plan's
// included capacity) and maximum, a capacity outside them is refused in words under its field
// before anything is sent, and the end date says its weekday and how far away it is. The plan and
// the organization are the test's own (made through the management API).

test.use({ storageState: storageStatePath("operator"), reducedMotion: "reduce" });

const weekday = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { weekday: "long", timeZone: "UTC" });

test("the contract form shows each pool's bounds, refuses a capacity outside them under its field, and says when it ends", async ({
  page,
  request,
}) => {
  const manage = new Caller(request, operatorToken());
  const tag = uniqueTag();
  const cases = { key: `cases-${tag}`, name: `Cases ${tag}` };
  const archive = { key: `archive-${tag}`, name: `Archive ${tag}` };
  for (const mod of [cases, archive]) await ok(manage.post("/api/v1/manage/modules", mod), 201);
  const planName = `Bounds ${tag}`;
  await ok(
    manage.post("/api/v1/manage/plans", {
      name: planName,
      modules: [
        { module: cases.key, model: "named", includedCapacity: 5, maxCapacity: 20 },
        { module: archive.key, model: "concurrent", includedCapacity: 2 },
      ],
    }),
    201,
  );
  const { organization } = await ok<{ organization: { id: string } }>(
    manage.post("/api/v1/manage/organizations", { name: `Bounds Org ${tag}` }),
    201,
  );

  await page.goto(`/organizations/${organization.id}`);
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create contract" }) });
  await form.getByLabel("Plan").selectOption({ label: planName });
  const casesField = form.getByLabel(`Capacity of ${cases.name}`);
  const archiveField = form.getByLabel(`Capacity of ${archive.name}`);
  await expect(casesField).toHaveValue("5");
  await expect(casesField).toHaveAccessibleDescription("Named pool. Minimum 5 (included in the plan), maximum 20.");
  await expect(archiveField).toHaveValue("2");
  await expect(archiveField).toHaveAccessibleDescription(
    "Concurrent pool. Minimum 2 (included in the plan), no maximum.",
  );

  // Outside the bounds: said under the field as it is typed, and refused on submit with focus on it.
  await casesField.fill("21");
  await expect(casesField).toHaveAttribute("aria-invalid", "true");
  await expect(casesField).toHaveAccessibleDescription(`21 is above the plan's maximum of 20 for ${cases.name}.`);
  await casesField.fill("4");
  await expect(casesField).toHaveAccessibleDescription(
    `4 is below the plan's minimum of 5 for ${cases.name} (what the plan includes).`,
  );
  await archiveField.focus();
  await form.getByRole("button", { name: "Create contract" }).click();
  await expect(form.getByRole("alert")).toHaveText("A capacity is outside the plan's bounds: see under the field.");
  await expect(casesField).toBeFocused();
  await expectNoViolations(page, "the contract form with a capacity outside its bounds");
  await shot(page, "contract-form-out-of-bounds", form);
  await expect(page.getByText("No contracts yet")).toBeVisible();

  // Within them, with an end date in words.
  await casesField.fill("12");
  await expect(casesField).not.toHaveAttribute("aria-invalid");
  await expect(form.getByRole("alert")).toHaveCount(0);
  const ends = dayFromToday(100);
  await form.getByLabel("Ends (optional)").fill(ends);
  await expect(form.getByTestId("date-words")).toContainText(`(${weekday(ends)}, in 3 months).`);
  await shot(page, "contract-form-within-bounds", form);
  await form.getByRole("button", { name: "Create contract" }).click();
  await expect(page.getByText("Contract created from the plan.")).toBeVisible();
  await expectFocusKept(page);
  const contract = page.getByRole("region", { name: new RegExp(`^Contract ${planName}`) });
  await expect(contract).toContainText(`${cases.name}named, 0 of 12 (bounds 5–20)`);
  await expect(contract).toContainText(`${archive.name}concurrent, 0 of 2 (bounds 2–no max)`);

  // The form starts over: the plan's capacities, no end date and no words left over it.
  await expect(casesField).toHaveValue("5");
  await expect(form.getByLabel("Ends (optional)")).toHaveValue("");
  await expect(form.getByTestId("date-words")).toHaveCount(0);

  // The contract's own end date says the same.
  const endForm = contract.getByRole("form", { name: /^End date of / });
  await expect(endForm.getByTestId("date-words")).toContainText(`(${weekday(ends)}, in 3 months).`);
});
