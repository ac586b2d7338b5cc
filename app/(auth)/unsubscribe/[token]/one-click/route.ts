import { getDb } from "@/db/client";
import { unsubscribe } from "@/lib/notifications/unsubscribe";

// RFC 8058 one-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` here without
// cookies; the signed token names the account and kind. The page's own button posts here too and
// is sent back to the page. GET changes nothing (link scanners fetch links).

export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const form = await req.formData().catch(() => null);
  const kind = await unsubscribe(getDb(), token);
  if (!kind)
    return new Response("This unsubscribe link is not valid; nothing was changed.", {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  if (form?.get("from") === "page") {
    return new Response(null, {
      status: 303,
      headers: { location: `/unsubscribe/${encodeURIComponent(token)}?done=1` },
    });
  }
  return new Response("Unsubscribed.", { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
}

export async function GET(_req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return new Response(null, { status: 303, headers: { location: `/unsubscribe/${encodeURIComponent(token)}` } });
}
