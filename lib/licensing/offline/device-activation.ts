import "server-only";
import { eq } from "drizzle-orm";
import { deviceActivations, type DeviceActivation } from "@/db/schema";
import type { Database } from "@/db/client";
import { refusal, type DenialContext } from "../denials";
import { isUuid } from "../input";
import { namedActivation, readDeviceFile, type DeviceFile, type ReadFile } from "./device-files";
import { organizationOfContract, recordedAs, type OfflineTarget } from "./target";

const notFound = (denial: DenialContext, activationId: string) =>
  refusal(
    "ACTIVATION_NOT_FOUND",
    "The activation this file names is unknown here: it was made for another organization or contract.",
    { activationId },
    denial,
  );

/**
 * The offline activation a renewal request or release receipt names, with the file checked
 * against that activation's own device key and fingerprint. Another organization's or contract's
 * activation is unknown (rule 14).
 */
export async function deviceFileFor(
  db: Database,
  target: OfflineTarget,
  file: string,
  kind: "renewal" | "release",
): Promise<{ row: DeviceActivation; read: ReadFile<DeviceFile>; denial: DenialContext }> {
  const organizationId =
    "contractId" in target ? await organizationOfContract(db, target.contractId) : target.organizationId;
  const denial: DenialContext = {
    kind: "activation",
    organizationId,
    contractId: "contractId" in target ? target.contractId : null,
  };
  const named = await recordedAs(
    denial,
    Promise.resolve().then(() => namedActivation(file, kind)),
  );
  const [row] = isUuid(named.activation)
    ? await db.select().from(deviceActivations).where(eq(deviceActivations.id, named.activation))
    : [];
  const inTarget =
    row && ("contractId" in target ? row.contractId === target.contractId : row.organizationId === organizationId);
  if (!row || !inTarget) throw notFound(denial, named.activation);
  Object.assign(denial, { contractId: row.contractId, poolId: row.poolId, deviceId: row.fingerprint });
  if (!row.deviceKey)
    throw refusal(
      "OFFLINE_FILE_INVALID",
      "This activation was made online: its device renews and releases through the client API.",
      { activationId: row.id },
      denial,
    );
  const read = await recordedAs(denial, readDeviceFile(file, kind, row.deviceKey, new Date()));
  if (read.claims.fingerprint !== row.fingerprint || read.claims.activation !== row.id)
    throw refusal(
      "OFFLINE_FILE_INVALID",
      "This file names another device's fingerprint than its activation's.",
      { activationId: row.id },
      denial,
    );
  return { row, read, denial };
}
