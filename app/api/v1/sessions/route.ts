import { apiRoute, clientKey, json } from "@/lib/http/handler";
import { openSession } from "@/lib/licensing/sessions";
import { sessionOpenInput } from "@/lib/validation/licensing";

export const POST = apiRoute(
  "client",
  { body: sessionOpenInput, acquisition: "session" },
  async ({ db, actor, body }) => json({ session: await openSession(db, clientKey(actor), body) }, 201),
);
