import { revokeContractApiKey } from "@/lib/http/api-keys";
import { apiRoute, noContent } from "@/lib/http/handler";

export const DELETE = apiRoute("manage", {}, async ({ db, actor, params }) => {
  await revokeContractApiKey(db, actor, params.id!);
  return noContent();
});
