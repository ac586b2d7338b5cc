import { apiRoute, clientKey, json } from "@/lib/http/handler";
import { heartbeatSession } from "@/lib/licensing/sessions";

export const POST = apiRoute(
  "client",
  { unknownId: "SESSION_NOT_FOUND", acquisition: "session" },
  async ({ db, actor, params }) => json({ session: await heartbeatSession(db, clientKey(actor), params.id!) }),
);
