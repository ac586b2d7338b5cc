import { apiRoute, json } from "@/lib/http/handler";
import { createContract } from "@/lib/licensing/contracts";
import { contractCreateInput } from "@/lib/validation/licensing";

export const POST = apiRoute("manage", { body: contractCreateInput }, async ({ db, actor, body }) =>
  json({ contract: await createContract(db, actor, body) }, 201),
);
