import { apiRoute, clientKey, noContent } from "@/lib/http/handler";
import { closeSession } from "@/lib/licensing/sessions";

export const DELETE = apiRoute("client", { unknownId: "SESSION_NOT_FOUND" }, async ({ db, actor, params }) => {
  await closeSession(db, clientKey(actor), params.id!);
  return noContent();
});
