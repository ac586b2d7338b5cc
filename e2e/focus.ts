import { expect, type Page } from "@playwright/test";

/**
 * SPEC §5: focus never drops to the page body after an action. Call it once the outcome shows
 * (the dialog gone, the sentence shown, the toast up): focus must then be on something a person
 * can act from — the opener, the invalid field, the sentence, or the page's content.
 */
export async function expectFocusKept(page: Page) {
  await expect
    .poll(() => page.evaluate(() => document.activeElement !== null && document.activeElement !== document.body), {
      message: "focus dropped to <body>",
    })
    .toBe(true);
}
