import { apiRoute, json, noContent } from "@/lib/http/handler";
import { deleteUser, updateUser } from "@/lib/licensing/users";
import { userUpdateInput } from "@/lib/validation/licensing";

export const PATCH = apiRoute("manage", { body: userUpdateInput }, async ({ db, actor, body, params }) =>
  json({ user: await updateUser(db, actor, params.id!, body) }),
);

export const DELETE = apiRoute("manage", {}, async ({ db, actor, params }) => {
  await deleteUser(db, actor, params.id!);
  return noContent();
});
