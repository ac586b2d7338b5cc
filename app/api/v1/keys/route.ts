import { publicJwks } from "@/lib/licensing/lease-token";

export const dynamic = "force-dynamic";

/** The public key(s) that verify lease tokens offline. Public by design: no key needed. */
export async function GET() {
  return Response.json(await publicJwks(), { headers: { "Cache-Control": "public, max-age=300" } });
}
