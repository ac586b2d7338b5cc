import { apiRoute, clientKey, noContent } from "@/lib/http/handler";
import { releaseActivation } from "@/lib/licensing/activations";

export const DELETE = apiRoute("client", { unknownId: "ACTIVATION_NOT_FOUND" }, async ({ db, actor, params }) => {
  await releaseActivation(db, clientKey(actor), params.id!);
  return noContent();
});
