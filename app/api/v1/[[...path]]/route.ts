import { apiApp } from "@/lib/api/app";

// Every /api/v1 request that reaches Next.js (`next dev`, another server) is served by the same
// route table as server.ts's lean path.

export const dynamic = "force-dynamic";

const serve = (req: Request) => apiApp().fetch(req);

export { serve as DELETE, serve as GET, serve as HEAD, serve as OPTIONS, serve as PATCH, serve as POST, serve as PUT };
