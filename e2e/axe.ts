import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * WCAG 2.1 AA by axe on the page as it stays; any violation fails the test with its rule and
 * elements. Specs that call it use `test.use({ reducedMotion: "reduce" })`, so a toast appears
 * fully drawn (sonner drops its fade) even when it shows up while axe reads the page.
 */
export async function expectNoViolations(page: Page, what: string) {
  // Toasts, dialogs and their backdrops fade in and out: axe would measure text half-transparent,
  // or a toast's contrast against a backdrop still darkening. Wait until every toast is fully
  // shown and no finite animation or transition is running, then check the page as it stays.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          [...document.querySelectorAll("[data-sonner-toast]")].every((t) => getComputedStyle(t).opacity === "1") &&
          !document
            .getAnimations()
            .some((a) => a.playState === "running" && a.effect?.getTiming().iterations !== Infinity),
      ),
    )
    .toBe(true);
  const { violations } = await new AxeBuilder({ page }).withTags(wcag).analyze();
  const found = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(" ")} (${n.failureSummary ?? ""})`).join(", ")}`,
  );
  expect(found, `axe violations on ${what}`).toEqual([]);
}
