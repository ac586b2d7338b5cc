import { apiRoute, json } from "@/lib/http/handler";
import { organizationUsageView } from "@/lib/http/views";

export const GET = apiRoute("manage", {}, async ({ db, params }) => json(await organizationUsageView(db, params.id!)));
