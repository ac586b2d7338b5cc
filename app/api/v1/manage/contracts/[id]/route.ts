import { apiRoute, json } from "@/lib/http/handler";
import { updateContract } from "@/lib/licensing/contracts";
import { contractUpdateInput } from "@/lib/validation/licensing";

export const PATCH = apiRoute("manage", { body: contractUpdateInput }, async ({ db, actor, body, params }) =>
  json({ contract: await updateContract(db, actor, params.id!, body) }),
);
