import "server-only";
import type { Database } from "@/db/client";
import type { Actor } from "../actor";
import { takeActivation } from "../activations";
import { recordingDenials, refusal, type DenialContext } from "../denials";
import { readActivationRequest } from "./device-files";
import { enterOfflineFile } from "./ledger";
import { licenseFileFor, type OfflineActivationView } from "./license-file";
import { offlineKey, organizationOfContract, recordedAs, type OfflineTarget } from "./target";

/**
 * Turns a device's activation request into a licence file, under every rule of an online
 * activation (the same take: device limit exact under races, contract in force, the user's seat).
 * The same request again answers the same activation (created: false); a request whose activation
 * has ended, or another file reusing its nonce, is refused. Refusals are denial rows.
 */
export async function activateOfflineDevice(
  db: Database,
  actor: Actor,
  target: OfflineTarget,
  request: string,
): Promise<{ activation: OfflineActivationView; licenseFile: string; created: boolean }> {
  const organizationId =
    "contractId" in target ? await organizationOfContract(db, target.contractId) : target.organizationId;
  const denial: DenialContext = {
    kind: "activation",
    organizationId,
    contractId: "contractId" in target ? target.contractId : null,
  };
  return recordingDenials(db, actor, async () => {
    // The signature is checked before the transaction: PGlite runs one at a time.
    const file = await recordedAs(denial, readActivationRequest(request, new Date()));
    const { claims } = file;
    Object.assign(denial, { deviceId: claims.fingerprint, username: claims.username ?? null });
    const { row, created } = await db.transaction(async (tx) => {
      const key = await offlineKey(tx, actor, target, claims, denial);
      denial.contractId = key.contractId;
      const device = { jwk: file.jwk, thumbprint: file.thumbprint };
      const { row, created } = await takeActivation(tx, key, claims, denial, device);
      if (row.deviceKeyThumbprint !== file.thumbprint)
        throw refusal(
          "CONFLICT",
          "This device's fingerprint is already active with another key: revoke that activation first.",
          { activationId: row.id },
          denial,
        );
      const entered = await recordedAs(
        denial,
        enterOfflineFile(tx, { organizationId, activationId: row.id, kind: "activation", file }),
      );
      if (entered.repeated && entered.activationId !== row.id)
        throw refusal(
          "OFFLINE_FILE_INVALID",
          "This activation request was already used and its activation has ended: make a new request on the device.",
          {},
          denial,
        );
      return { row, created };
    });
    return { ...(await licenseFileFor(db, row)), created };
  });
}
