import "server-only";
import { decodeProtectedHeader } from "jose";
import type { Database } from "@/db/client";
import type { Actor } from "../actor";
import { recordDenial, type DenialContext } from "../denials";
import { LicensingError } from "../errors";
import { activateOfflineDevice } from "./activate";
import type { OfflineActivationView } from "./license-file";
import { releaseOfflineActivation } from "./release";
import { renewOfflineActivation } from "./renew";

export type OfflineFileOutcome =
  | { kind: "activation"; created: boolean; activation: OfflineActivationView; licenseFile: string }
  | { kind: "renewal"; activation: OfflineActivationView; licenseFile: string }
  | { kind: "release"; released: boolean; activationId: string };

const kindOf: Record<string, OfflineFileOutcome["kind"]> = {
  "seatkeeper-activation-request": "activation",
  "seatkeeper-renewal-request": "renewal",
  "seatkeeper-release-receipt": "release",
};

/**
 * Any file an offline device made, submitted in the console: an activation request, a renewal
 * request or a release receipt, told apart by its `typ` and handled by its own function. Text
 * that is none of them is refused (and recorded as a denial) like a damaged activation request.
 */
export async function submitOfflineFile(
  db: Database,
  actor: Actor,
  organizationId: string,
  file: string,
): Promise<OfflineFileOutcome> {
  const target = { organizationId };
  let typ: unknown;
  try {
    typ = decodeProtectedHeader(file.trim()).typ;
  } catch {
    typ = undefined;
  }
  const kind = typeof typ === "string" ? kindOf[typ] : undefined;
  if (kind === "renewal") return { kind, ...(await renewOfflineActivation(db, actor, target, file)) };
  if (kind === "release") return { kind, ...(await releaseOfflineActivation(db, actor, target, file)) };
  if (kind === "activation") return { kind, ...(await activateOfflineDevice(db, actor, target, file)) };
  const error = new LicensingError(
    "OFFLINE_FILE_INVALID",
    "This is not a file from an offline device: paste or upload the whole activation request, renewal request or release receipt.",
  );
  const denial: DenialContext = { kind: "activation", organizationId };
  await recordDenial(db, actor, error, denial);
  throw error;
}
