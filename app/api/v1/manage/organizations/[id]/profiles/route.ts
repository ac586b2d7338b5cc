import { apiRoute, json } from "@/lib/http/handler";
import { createProfile } from "@/lib/licensing/profiles";
import { profileCreateInput } from "@/lib/validation/licensing";

export const POST = apiRoute("manage", { body: profileCreateInput }, async ({ db, actor, body, params }) =>
  json({ profile: await createProfile(db, actor, params.id!, body) }, 201),
);
