import { apiRoute, clientKey, json } from "@/lib/http/handler";
import { refreshActivation } from "@/lib/licensing/activations";

export const POST = apiRoute(
  "client",
  { unknownId: "ACTIVATION_NOT_FOUND", acquisition: "activation" },
  async ({ db, actor, params }) => json({ activation: await refreshActivation(db, clientKey(actor), params.id!) }),
);
