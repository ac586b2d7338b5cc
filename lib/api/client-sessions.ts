import "server-only";
import { closeSession } from "@/lib/licensing/sessions/close";
import { heartbeatSession } from "@/lib/licensing/sessions/heartbeat";
import { openSession } from "@/lib/licensing/sessions/open";
import { IDEMPOTENCY_HEADER } from "@/lib/http/idempotency";
import { LicensingError } from "@/lib/licensing/errors";
import { sessionResponse } from "@/lib/validation/api-responses";
import { heartbeatInput, sessionOpenInput } from "@/lib/validation/licensing";
import { clientKey, json, noContent, route } from "./route";

const sessionExample = {
  session: {
    id: "0b6f7c2e-4d1a-4c55-9a37-3f0c8e2b9d11",
    module: "case-management",
    clientType: "desktop",
    weight: 1,
    expiresAt: "2026-12-01T09:15:00.000Z",
    heartbeatSeconds: 300,
  },
};

export const clientSessionRoutes = [
  route({
    audience: "client",
    method: "post",
    path: "/api/v1/sessions",
    idempotent: true,
    operationId: "openSession",
    tag: "Sessions",
    acquisition: "session",
    summary: "Open a session",
    description:
      "Takes `weight` seats of the module's pool; clientType `api` also takes one API connect. With `wait` (1–60 s), an open that finds a concurrent pool full waits in line and gets the next freed seat, first come first served across all instances (`waitedMs` in the answer); when the wait ends unserved it is the usual 409 SESSION_LIMIT_REACHED with `queued: true`. A client that disconnects leaves the line at once.",
    body: sessionOpenInput,
    bodyExample: { module: "case-management", clientType: "desktop", deviceId: "LAPTOP-42", username: "ada" },
    responses: { 201: { description: "Opened", schema: sessionResponse, example: sessionExample } },
    refusals: [
      "SESSION_LIMIT_REACHED",
      "API_QUOTA_EXHAUSTED",
      "INVALID",
      "CONTRACT_INACTIVE",
      "USER_INACTIVE",
      "USER_EXPIRED",
      "NO_CREDENTIALS",
      "MODULE_NOT_GRANTED",
      "USER_NOT_FOUND",
      "MODULE_NOT_LICENSED",
    ],
    // Only a waiting open listens for the client going away (its signal costs every request otherwise).
    handle: async ({ db, actor, body, req }) => {
      // A waiting open runs in line with other instances' opens, outside any request's transaction,
      // which is where a keyed request runs: the two can't be combined.
      if (body.wait && req.headers.has(IDEMPOTENCY_HEADER))
        throw new LicensingError("INVALID", "An open with wait can't carry an Idempotency-Key: send one or the other.");
      const signal = body.wait ? req.signal : undefined;
      return json({ session: await openSession(db, clientKey(actor), body, { signal }) }, 201);
    },
  }),
  route({
    audience: "client",
    method: "post",
    path: "/api/v1/sessions/{id}/heartbeat",
    operationId: "heartbeatSession",
    tag: "Sessions",
    summary: "Keep a session alive",
    description:
      "Send one every third of `heartbeatSeconds`; a session not heard from for that long ends. The optional body reports how long the person has been idle (`idleSeconds`, 0 = active): on a pool with `idleTimeoutMinutes`, a session idle longer ends with reason `idle` and its seat is free at once. A session that ended answers 404 SESSION_NOT_FOUND with `reason` (expired, idle, closed, ended_by_admin, contract_inactive, seat_revoked, returned, borrow_expired or borrow_revoked); an unknown id has no reason.",
    acquisition: "session",
    body: heartbeatInput,
    bodyOptional: true,
    bodyExample: { idleSeconds: 600 },
    unknownId: "SESSION_NOT_FOUND",
    responses: { 200: { description: "Extended", schema: sessionResponse, example: sessionExample } },
    refusals: ["SESSION_NOT_FOUND"],
    handle: async ({ db, actor, params, body }) =>
      json({ session: await heartbeatSession(db, clientKey(actor), params.id, body) }),
  }),
  route({
    audience: "client",
    method: "delete",
    path: "/api/v1/sessions/{id}",
    operationId: "closeSession",
    tag: "Sessions",
    unknownId: "SESSION_NOT_FOUND",
    summary: "Close a session",
    description: "Idempotent: closing a session that already ended answers 204 too.",
    responses: { 204: { description: "Closed (also when already ended)" } },
    refusals: ["SESSION_NOT_FOUND"],
    handle: async ({ db, actor, params }) => {
      await closeSession(db, clientKey(actor), params.id);
      return noContent();
    },
  }),
];
