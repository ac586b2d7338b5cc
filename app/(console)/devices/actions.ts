"use server";

import { z } from "zod";
import { consoleAction } from "@/lib/console/action";
import { revokeActivation } from "@/lib/licensing/activations";

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
