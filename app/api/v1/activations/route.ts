import { apiRoute, clientKey, json } from "@/lib/http/handler";
import { activateDevice } from "@/lib/licensing/activations";
import { activationInput } from "@/lib/validation/licensing";

export const POST = apiRoute(
  "client",
  { body: activationInput, acquisition: "activation" },
  async ({ db, actor, body }) => {
    const { activation, created } = await activateDevice(db, clientKey(actor), body);
    return json({ activation }, created ? 201 : 200);
  },
);
