import { apiRoute, json } from "@/lib/http/handler";
import { licenseView } from "@/lib/http/views";

export const GET = apiRoute("client", {}, async ({ db, actor }) => json(await licenseView(db, actor.contractId)));
