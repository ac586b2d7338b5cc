import { expect, test, type Locator } from "@playwright/test";
import { provision } from "./api/support";
import { expectNoViolations } from "./axe";
import { storageStatePath } from "./fixtures";

// The usage page's two charts: the denials chart keeps its axis when nothing was denied and says
// so, the time ticks of both charts stand under each other, the y ticks are round, months read
// "Feb 2026", and a young pool's capacity is not drawn back to the start of the year.

test.use({ storageState: storageStatePath("support") });

/** The x-axis tick labels of a chart, with the horizontal centre of each. */
async function timeTicks(chart: Locator) {
  const ticks = chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value");
  await expect(ticks.first()).toBeVisible();
  return ticks.evaluateAll((nodes) =>
    nodes.map((n) => {
      const box = n.getBoundingClientRect();
      return { text: n.textContent ?? "", x: Math.round(box.left + box.width / 2) };
    }),
  );
}

test("a pool without denials keeps the denials axis, and both charts' time ticks line up", async ({
  page,
  request,
}) => {
  const tenant = await provision(request, { desk: { model: "concurrent", capacity: 2, name: "Quiet desk" } }, "Charts");
  const name = tenant.moduleNames.desk;
  const card = page.getByRole("region", { name });
  // The sampler records the new pool within 15 s.
  await expect
    .poll(
      async () => {
        await page.goto(`/usage?org=${tenant.organization.id}&range=24h`);
        return card.getByTestId("data-since").count();
      },
      { timeout: 45_000 },
    )
    .toBe(1);

  const usage = card.getByRole("img", { name: `${name}: peak and average in use against capacity` });
  const denials = card.getByRole("img", { name: `${name}: denials over time` });
  // All zero: the chart says so, and the axis still reads 0 to 1 rather than vanishing.
  await expect(denials.getByText("No denials in this period")).toBeVisible();
  const denialAxis = denials.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value");
  await expect(denialAxis.first()).toBeVisible();
  expect(await denialAxis.allTextContents()).toEqual(expect.arrayContaining(["0", "1"]));

  const above = await timeTicks(usage);
  const below = await timeTicks(denials);
  expect(below.map((t) => t.text)).toEqual(above.map((t) => t.text));
  below.forEach((tick, i) => expect(Math.abs(tick.x - above[i]!.x)).toBeLessThanOrEqual(1));

  // Round y ticks: capacity 2 and nothing higher is 0, 1, 2.
  const usageAxis = usage.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value");
  expect(await usageAxis.allTextContents()).toEqual(["0", "1", "2"]);

  await page.goto(`/usage?org=${tenant.organization.id}&range=12mo`);
  const months = await timeTicks(usage);
  for (const m of months) expect(m.text).toMatch(/^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$/);
  // The pool was made today: its capacity line (dashed red) starts at this month, the last of 12,
  // not at the left edge.
  const plot = await usage.locator(".recharts-cartesian-grid").boundingBox();
  const capacity = await usage.locator('.recharts-line path[stroke="#dc2626"]').boundingBox();
  expect(plot && capacity).toBeTruthy();
  expect(capacity!.x - plot!.x).toBeGreaterThan(plot!.width * 0.85);
  await expect(denials.getByText("No denials in this period")).toBeVisible();
  await expectNoViolations(page, "the usage page's 12-month charts of a young pool");
});
