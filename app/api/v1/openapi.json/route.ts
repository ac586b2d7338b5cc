import { openApiDocument } from "@/lib/http/openapi";

const cors = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, OPTIONS" };

/** OpenAPI 3.1 for both APIs, generated from the same zod schemas the handlers parse with. */
export function GET() {
  return Response.json(openApiDocument(), { headers: cors });
}

export function OPTIONS() {
  return new Response(null, { status: 204, headers: cors });
}
