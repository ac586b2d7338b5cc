import { apiApp } from "@/lib/api/app";

// /api/health is a route of the API table (lib/api/client-license.ts), served here under Next.js.

export const dynamic = "force-dynamic";

export const GET = (req: Request) => apiApp().fetch(req);
