import "server-only";
import { borrowSession, returnBorrow } from "@/lib/licensing/borrows";
import { borrowResponse } from "@/lib/validation/api-responses";
import { borrowInput } from "@/lib/validation/licensing";
import { clientKey, json, noContent, route } from "./route";

const borrowExample = {
  borrow: {
    id: "5d0c1f0e-2a8b-4f7e-9b1d-6c3e2a9f8b10",
    sessionId: "0b6f7c2e-4d1a-4c55-9a37-3f0c8e2b9d11",
    module: "case-management",
    hours: 72,
    expiresAt: "2026-12-04T09:15:00.000Z",
    leaseToken: "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiIsInR5cCI6IkpXVCJ9.eyJ...",
    entitlements: ["archive", "case-management"],
  },
};

export const clientBorrowRoutes = [
  route({
    audience: "client",
    method: "post",
    path: "/api/v1/sessions/{id}/borrow",
    idempotent: true,
    operationId: "borrowSession",
    tag: "Borrowing",
    summary: "Borrow a session's seat for offline use",
    description:
      "Turns a live session of a concurrent pool into a borrowed seat for `hours` (at most the pool's `maxBorrowHours`; 0 there means borrowing is off), while at most `borrowPercent` % of the pool's capacity is borrowed at once. The seat keeps counting until `POST /api/v1/borrows/{id}/return` or the borrow's end, whatever the session's heartbeats do; the answer's lease token lets the device check offline that it may run until then.",
    body: borrowInput,
    bodyExample: { hours: 72 },
    unknownId: "SESSION_NOT_FOUND",
    responses: { 200: { description: "Borrowed", schema: borrowResponse, example: borrowExample } },
    refusals: [
      "SESSION_NOT_FOUND",
      "SESSION_ALREADY_BORROWED",
      "BORROW_LIMIT_REACHED",
      "BORROW_NOT_ALLOWED",
      "CONTRACT_INACTIVE",
      "VALUE_OUT_OF_RANGE",
    ],
    handle: async ({ db, actor, params, body }) =>
      json({ borrow: await borrowSession(db, clientKey(actor), params.id, body) }),
  }),
  route({
    audience: "client",
    method: "post",
    path: "/api/v1/borrows/{id}/return",
    operationId: "returnBorrow",
    tag: "Borrowing",
    summary: "Return a borrowed seat",
    description:
      "Ends the borrowed session (reason `returned`) and frees its seat at once. Idempotent: returning a borrow that already ended answers 204 too.",
    unknownId: "BORROW_NOT_FOUND",
    responses: { 204: { description: "Returned (also when already ended)" } },
    refusals: ["BORROW_NOT_FOUND"],
    handle: async ({ db, actor, params }) => {
      await returnBorrow(db, clientKey(actor), params.id);
      return noContent();
    },
  }),
];
