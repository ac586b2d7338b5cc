"use server";

import { z } from "zod";
import { consoleAction } from "@/lib/console/action";
import { revokeActivation } from "@/lib/licensing/activations";
import { submitOfflineFile } from "@/lib/licensing/offline/submit";

export const revokeDeviceAction = consoleAction(
  {
    input: z.object({ organizationId: z.string().uuid(), activationId: z.string().uuid() }),
    permission: "devices.manage",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/devices"],
    success: "Device revoked; it no longer holds a licence.",
  },
  ({ db, actor, input, scope }) => revokeActivation(db, actor, input.activationId, scope),
);

export const submitOfflineFileAction = consoleAction(
  {
    input: z.object({
      organizationId: z.string().uuid(),
      file: z
        .string()
        .trim()
        .min(1, "Paste or upload the file the device made")
        .max(65_536, "This is far longer than any file a device makes"),
    }),
    permission: "devices.manage",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/devices"],
  },
  ({ db, actor, input }) => submitOfflineFile(db, actor, input.organizationId, input.file),
);
