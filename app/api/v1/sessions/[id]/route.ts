import { apiRoute, clientKey, noContent } from "@/lib/http/handler";
import { closeSession } from "@/lib/licensing/sessions";

export const DELETE = apiRoute("client", {}, async ({ db, actor, params }) => {
  await closeSession(db, clientKey(actor), params.id!);
  return noContent();
});
