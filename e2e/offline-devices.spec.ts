import AxeBuilder from "@axe-core/playwright";
import {
  createOfflineActivationRequest,
  createReleaseReceipt,
  createRenewalRequest,
  verifyLicenseFile,
} from "@seatkeeper/client";
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import type { JSONWebKeySet } from "jose";
import { ok, provision } from "./api/support";
import { storageStatePath } from "./fixtures";

// A device that is never online (SPEC §8): its activation request is uploaded on the Devices page
// as a real file, the licence file downloaded and verified offline by the SDK, then a renewal
// request and a release receipt go the same way, and the seat is free again.

test.use({ storageState: storageStatePath("operator") });

const wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function expectNoViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(wcag).analyze();
  const found = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(found, `axe violations on ${what}`).toEqual([]);
}

/** Uploads a device's file through the file input, as a person with a USB stick would. */
async function uploadDeviceFile(page: Page, name: string, text: string) {
  await page.getByLabel("Upload the file").setInputFiles({ name, mimeType: "text/plain", buffer: Buffer.from(text) });
  await expect(page.getByLabel(/The device's file/)).toHaveValue(text);
  await page.getByRole("button", { name: "Submit the file" }).click();
}

/** Downloads the licence file shown, and reads it. */
async function downloadLicenseFile(page: Page) {
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the licence file" }).click();
  return fs.readFileSync(await (await download).path(), "utf8");
}

test("an offline device is activated, renewed and released by files carried to the console", async ({
  page,
  request,
}) => {
  const t = await provision(request, {
    lab: { model: "concurrent", capacity: 1, activationsPerLicense: 1, leaseDays: 30, name: "Lab Instrument" },
  });
  const jwks = (await (await request.get("/api/v1/keys")).json()) as JSONWebKeySet;
  const fingerprint = `spectrometer-${t.tag}`;
  const name = `Spectrometer ${t.tag}`;
  const { request: activationRequest, deviceKey } = await createOfflineActivationRequest({
    module: t.modules.lab,
    fingerprint,
    platform: "server",
    name,
  });

  await page.goto(`/devices?org=${t.organization.id}`);
  await expect(page.getByRole("heading", { name: "Activate an offline device" })).toBeVisible();

  // Something that is no device's file: a sentence, and nothing activated.
  await page.getByLabel(/The device's file/).fill("hello");
  await page.getByRole("button", { name: "Submit the file" }).click();
  await expect(page.getByRole("form", { name: "Activate an offline device" }).getByRole("alert")).toContainText(
    "This is not a file from an offline device",
  );
  await expectNoViolations(page, "the offline form with a refusal");

  await uploadDeviceFile(page, "activation-request.txt", activationRequest);
  await expect(page.getByRole("heading", { name: "Device activated: its licence file" })).toBeVisible();
  await expect(page.getByRole("img", { name: "QR code of the licence file" })).toBeVisible();
  await expectNoViolations(page, "the licence file of a new offline activation");
  const licenseFile = await downloadLicenseFile(page);
  const claims = await verifyLicenseFile(licenseFile, { fingerprint, deviceKey, jwks, module: t.modules.lab });
  expect(claims.module).toBe(t.modules.lab);

  // Listed with its lease state and when its renewal is due.
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Valid");
  await expect(row).toContainText("Offline");
  await expect(row).toContainText("renewal due");

  await uploadDeviceFile(page, "renewal-request.txt", await createRenewalRequest(licenseFile, deviceKey));
  await expect(page.getByRole("heading", { name: "Lease renewed: the new licence file" })).toBeVisible();
  const renewed = await downloadLicenseFile(page);
  expect((await verifyLicenseFile(renewed, { fingerprint, deviceKey, jwks })).activation).toBe(claims.activation);

  await uploadDeviceFile(page, "release-receipt.txt", await createReleaseReceipt(renewed, deviceKey));
  await expect(page.getByText("The device's activation is released: its licence is free.")).toBeVisible();
  await expect(row).toHaveCount(0);
  await expectNoViolations(page, "the devices page after a release");

  // The seat is free: another device takes the pool's only place.
  const next = await createOfflineActivationRequest({
    module: t.modules.lab,
    fingerprint: `next-${t.tag}`,
    platform: "server",
  });
  await ok(
    t.manage.post(`/api/v1/manage/contracts/${t.contract.id}/offline-activations`, { request: next.request }),
    201,
  );
});
