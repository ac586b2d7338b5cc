import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { deviceActivations } from "@/db/schema";
import type { Database } from "@/db/client";
import type { Actor } from "../actor";
import { freshLease } from "../activations";
import { recordAudit } from "../audit";
import { assertContractInForce } from "../client-pool";
import { recordingDenials, refusal } from "../denials";
import { contractInForceForTake } from "../holdings/contract";
import { activationIsLiveAt } from "../holdings/device-activations";
import { deviceFileFor } from "./device-activation";
import { enterOfflineFile } from "./ledger";
import { licenseFileFor, type OfflineActivationView } from "./license-file";
import { recordedAs, type OfflineTarget } from "./target";

/**
 * A renewal request signed by the device's key extends its lease like an online refresh, the
 * contract re-checked in force in the same statement (rule 21). A revoked, released or lapsed
 * activation and a contract no longer in force are refused, each with a sentence for the device.
 */
export async function renewOfflineActivation(
  db: Database,
  actor: Actor,
  target: OfflineTarget,
  request: string,
): Promise<{ activation: OfflineActivationView; licenseFile: string }> {
  return recordingDenials(db, actor, async () => {
    const { row, read, denial } = await deviceFileFor(db, target, request, "renewal");
    const key = { contractId: row.contractId, organizationId: row.organizationId, actor };
    const renewed = await db.transaction(async (tx) => {
      await recordedAs(
        denial,
        enterOfflineFile(tx, { organizationId: row.organizationId, activationId: row.id, kind: "renewal", file: read }),
      );
      const [updated] = await tx
        .update(deviceActivations)
        .set(freshLease)
        .where(
          and(
            eq(deviceActivations.id, row.id),
            activationIsLiveAt(deviceActivations, sql`clock_timestamp()`),
            contractInForceForTake(row.contractId),
          ),
        )
        .returning();
      if (!updated) {
        if (!row.endedAt) await assertContractInForce(tx, key, denial);
        throw refusal(
          "ACTIVATION_NOT_FOUND",
          row.endReason === "revoked"
            ? "This device's activation was revoked or released: make a new activation request on the device."
            : "This device's lease lapsed: make a new activation request on the device.",
          { activationId: row.id },
          denial,
        );
      }
      await recordAudit(tx, actor, {
        organizationId: row.organizationId,
        action: "activation.renew",
        targetType: "device_activation",
        targetId: row.id,
        before: { leaseExpiresAt: row.leaseExpiresAt },
        after: { leaseExpiresAt: updated.leaseExpiresAt, offline: true },
      });
      return updated;
    });
    return licenseFileFor(db, renewed);
  });
}
