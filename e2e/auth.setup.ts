import { test as setup } from "@playwright/test";
import { roles, signInAs, storageStatePath } from "./fixtures";

// Signs in once per role; the specs reuse the saved browser state instead of signing in again.
for (const role of roles) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signInAs(page, role);
    await page.context().storageState({ path: storageStatePath(role) });
  });
}
