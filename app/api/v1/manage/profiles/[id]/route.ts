import { apiRoute, json } from "@/lib/http/handler";
import { updateProfile } from "@/lib/licensing/profiles";
import { profileUpdateInput } from "@/lib/validation/licensing";

export const PATCH = apiRoute("manage", { body: profileUpdateInput }, async ({ db, actor, body, params }) =>
  json({ profile: await updateProfile(db, actor, params.id!, body) }),
);
