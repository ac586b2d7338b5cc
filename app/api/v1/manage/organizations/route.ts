import { apiRoute, json } from "@/lib/http/handler";
import { createOrganization } from "@/lib/licensing/catalogue";
import { organizationCreateInput } from "@/lib/validation/licensing";

export const POST = apiRoute("manage", { body: organizationCreateInput }, async ({ db, actor, body }) =>
  json({ organization: await createOrganization(db, actor, body) }, 201),
);
