import { expect, test } from "@playwright/test";
import { storageStatePath } from "./fixtures";

test.use({ storageState: storageStatePath("owner") });

// Each area shows real rows of the demo organization (or its empty state), never an error.
const areas: { path: string; heading: string; content: RegExp }[] = [
  { path: "/dashboard", heading: "Dashboard", content: /of \d+ used|No licence pools in force/ },
  { path: "/users", heading: "Users", content: /Username|No users yet/ },
  { path: "/profiles", heading: "Profiles", content: /Modules granted|No profiles yet/ },
  { path: "/sessions", heading: "Sessions", content: /Last heartbeat|No live sessions/ },
  { path: "/devices", heading: "Devices", content: /Lease|No activated devices/ },
  { path: "/usage", heading: "Usage", content: /Peak in use|No usage samples yet/ },
  { path: "/audit", heading: "Audit log", content: /Action|No changes recorded yet/ },
  { path: "/denials", heading: "Denials", content: /Sentence|No denials recorded/ },
  { path: "/contract", heading: "Contract", content: /Bounds|No contracts/ },
];

for (const area of areas) {
  test(`${area.heading} lists the organization's data`, async ({ page }) => {
    await page.goto(area.path);
    await expect(page.getByRole("heading", { level: 1, name: area.heading })).toBeVisible();
    await expect(page.getByRole("main").getByText(area.content).first()).toBeVisible();
  });
}

test("the dashboard shows one card per licence pool with a usage bar", async ({ page }) => {
  await page.goto("/dashboard");
  const pools = page.getByRole("list", { name: "Licence pools" }).getByRole("listitem");
  await expect(pools.first()).toBeVisible();
  await expect(pools.first().getByRole("meter")).toBeVisible();
  await expect(pools.first()).toContainText(/\d+ of \d+ used/);
});
