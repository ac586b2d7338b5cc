import { apiRoute, json } from "@/lib/http/handler";
import { upsertModule } from "@/lib/licensing/catalogue";
import { moduleUpsertInput } from "@/lib/validation/licensing";

export const POST = apiRoute("manage", { body: moduleUpsertInput }, async ({ db, actor, body }) => {
  const { module, created } = await upsertModule(db, actor, body);
  return json({ module }, created ? 201 : 200);
});
