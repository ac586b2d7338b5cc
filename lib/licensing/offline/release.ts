import "server-only";
import { eq } from "drizzle-orm";
import { deviceActivations } from "@/db/schema";
import type { Database } from "@/db/client";
import type { Actor } from "../actor";
import { endActivations } from "../activations";
import { recordAudit } from "../audit";
import { recordingDenials } from "../denials";
import { deviceFileFor } from "./device-activation";
import { enterOfflineFile } from "./ledger";
import { recordedAs, type OfflineTarget } from "./target";

/**
 * A release receipt signed by the device's own key frees its activation at once (the device has
 * deleted its licence file). A receipt for an activation that already ended changes nothing.
 */
export async function releaseOfflineActivation(
  db: Database,
  actor: Actor,
  target: OfflineTarget,
  receipt: string,
): Promise<{ released: boolean; activationId: string }> {
  return recordingDenials(db, actor, async () => {
    const { row, read, denial } = await deviceFileFor(db, target, receipt, "release");
    return db.transaction(async (tx) => {
      await recordedAs(
        denial,
        enterOfflineFile(tx, { organizationId: row.organizationId, activationId: row.id, kind: "release", file: read }),
      );
      const ended = await endActivations(tx, eq(deviceActivations.id, row.id), "revoked");
      if (ended.length)
        await recordAudit(tx, actor, {
          organizationId: row.organizationId,
          action: "activation.release",
          targetType: "device_activation",
          targetId: row.id,
          before: { fingerprint: row.fingerprint, offline: true },
        });
      return { released: ended.length > 0, activationId: row.id };
    });
  });
}
