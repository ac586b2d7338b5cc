import { apiRoute, json } from "@/lib/http/handler";
import { createApiKey } from "@/lib/licensing/tokens";
import { apiKeyCreateInput } from "@/lib/validation/tokens";

export const POST = apiRoute("manage", { body: apiKeyCreateInput }, async ({ db, actor, body, params }) => {
  const { apiKey, secret } = await createApiKey(db, actor, params.id!, body.name);
  return json({ apiKey: { id: apiKey.id, name: apiKey.name }, secret }, 201);
});
