import { apiRoute, json } from "@/lib/http/handler";
import { updatePool } from "@/lib/licensing/contracts";
import { poolUpdateInput } from "@/lib/validation/licensing";

export const PATCH = apiRoute("manage", { body: poolUpdateInput }, async ({ db, actor, body, params }) =>
  json({ pool: await updatePool(db, actor, params.id!, params.module!, body) }),
);
