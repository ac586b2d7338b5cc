import "server-only";
import { and, eq } from "drizzle-orm";
import { offlineFiles } from "@/db/schema";
import type { Tx } from "@/db/client";
import { LicensingError } from "../errors";
import type { OfflineFileKind, ReadFile } from "./device-files";

/**
 * Writes a device's file into the ledger of used nonces, in the transaction that acts on it. The
 * same file again is `repeated` (with the activation it served); another file reusing a nonce of
 * that device key is a replay and refused.
 */
export async function enterOfflineFile(
  tx: Tx,
  entry: { organizationId: string; activationId: string; kind: OfflineFileKind; file: ReadFile<{ nonce: string }> },
): Promise<{ repeated: false } | { repeated: true; activationId: string | null }> {
  const { file } = entry;
  const [inserted] = await tx
    .insert(offlineFiles)
    .values({
      organizationId: entry.organizationId,
      activationId: entry.activationId,
      deviceKeyThumbprint: file.thumbprint,
      nonce: file.claims.nonce,
      kind: entry.kind,
      digest: file.digest,
    })
    .onConflictDoNothing({ target: [offlineFiles.deviceKeyThumbprint, offlineFiles.nonce] })
    .returning({ id: offlineFiles.id });
  if (inserted) return { repeated: false };
  const [seen] = await tx
    .select()
    .from(offlineFiles)
    .where(and(eq(offlineFiles.deviceKeyThumbprint, file.thumbprint), eq(offlineFiles.nonce, file.claims.nonce)));
  if (!seen || seen.digest !== file.digest || seen.kind !== entry.kind)
    throw new LicensingError(
      "OFFLINE_FILE_INVALID",
      "This file reuses a nonce the device already used in another file: it is a replay, refused. Make a new one on the device.",
    );
  return { repeated: true, activationId: seen.activationId };
}
