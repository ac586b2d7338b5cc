import { apiRoute, json } from "@/lib/http/handler";
import { createUser } from "@/lib/licensing/users";
import { userCreateInput } from "@/lib/validation/licensing";

export const POST = apiRoute("manage", { body: userCreateInput }, async ({ db, actor, body, params }) =>
  json({ user: await createUser(db, actor, params.id!, body) }, 201),
);
