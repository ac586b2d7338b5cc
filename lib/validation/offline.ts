import { z } from "zod";

// The bodies that carry an offline device's files. The length bound here only keeps absurd
// bodies out; the file's own limit (and its denial row) is the engine's.
const deviceFileText = (what: string) =>
  z
    .string({ message: `The ${what} must be text` })
    .min(1, `The ${what} is empty`)
    .max(65_536, `The ${what} is far too long`);

export const offlineActivationInput = z.object({
  request: deviceFileText("activation request").describe(
    "The text made by the SDK's createOfflineActivationRequest on the device (a compact JWS signed by the device's own Ed25519 key)",
  ),
});
export const offlineRenewalInput = z.object({
  request: deviceFileText("renewal request").describe("The text made by the SDK's createRenewalRequest on the device"),
});
export const offlineReleaseInput = z.object({
  receipt: deviceFileText("release receipt").describe("The text made by the SDK's createReleaseReceipt on the device"),
});
