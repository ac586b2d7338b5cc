import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/config";
import { onPublicOrigin } from "@/lib/auth/public-origin";

// next-auth builds its redirects from the request's URL, which carries the address the server
// listens on (0.0.0.0); give it the origin the browser used (or AUTH_URL) instead.
const onPublic = (handler: (req: NextRequest) => Promise<Response>) => (req: NextRequest) =>
  handler(new NextRequest(onPublicOrigin(req.nextUrl, req.headers), req));

export const GET = onPublic(handlers.GET);
export const POST = onPublic(handlers.POST);
