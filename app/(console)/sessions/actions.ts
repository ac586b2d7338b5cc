"use server";

import { z } from "zod";
import { consoleAction } from "@/lib/console/action";
import { revokeBorrow } from "@/lib/licensing/borrow-admin";
import { endSessionByAdmin } from "@/lib/licensing/sessions/end-by-admin";

export const endSessionAction = consoleAction(
  {
    input: z.object({ organizationId: z.string().uuid(), sessionId: z.string().uuid() }),
    permission: "sessions.manage",
    organizationOf: (i) => i.organizationId,
    success: "Session ended.",
  },
  ({ db, actor, input, scope }) => endSessionByAdmin(db, actor, input.sessionId, scope),
);

export const revokeBorrowAction = consoleAction(
  {
    input: z.object({ organizationId: z.string().uuid(), borrowId: z.string().uuid() }),
    permission: "sessions.manage",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/sessions"],
    success: "Borrow revoked: the seat is free again.",
  },
  ({ db, actor, input, scope }) => revokeBorrow(db, actor, input.borrowId, scope),
);
