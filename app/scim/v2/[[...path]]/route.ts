import { scimApp } from "@/lib/scim/app";

// Every /scim/v2 request that reaches Next.js (`next dev`, another server) is served by the same
// SCIM application as server.ts's lean path.

export const dynamic = "force-dynamic";

const serve = (req: Request) => scimApp().fetch(req);

export { serve as DELETE, serve as GET, serve as PATCH, serve as POST, serve as PUT };
