import { errorResponse } from "@/lib/http/errors";

export const MAX_BODY_BYTES = 64 * 1024;

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

/** No body, or an empty one. */
export const EMPTY = Symbol("empty body");

/**
 * Reads a JSON request body: at most 64 KB, counted while it streams in (a larger body is refused
 * the moment it passes the limit, the rest unread), only as `application/json`. Answers the
 * parsed value, EMPTY, or the refusal to send.
 */
export async function readJsonBody(req: Request, node?: NodeBindings): Promise<unknown> {
  const type = req.headers.get("content-type");
  const isJson = type !== null && jsonMediaType.test(type.split(";")[0]!.trim());
  const declared = Number(req.headers.get("content-length") ?? "");
  if (declared > MAX_BODY_BYTES) return refuseUnread(tooLarge(), node);
  if (type !== null && !isJson && declared > 0) return refuseUnread(unsupported(type), node);
  if (!req.body) return EMPTY;

  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      reader.releaseLock();
      return refuseUnread(tooLarge(), node);
    }
    chunks.push(value);
  }
  const text = new TextDecoder().decode(concat(chunks, size));
  if (text.trim() === "") return EMPTY;
  if (!isJson) return unsupported(type);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return errorResponse("VALIDATION_FAILED", "The request body is not valid JSON.", {
      issues: [{ path: "", message: "Malformed JSON" }],
    });
  }
}

function concat(chunks: Uint8Array[], size: number) {
  if (chunks.length === 1) return chunks[0]!;
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

const tooLarge = () =>
  errorResponse("PAYLOAD_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`, {
    limit: MAX_BODY_BYTES,
  });

const unsupported = (type: string | null) =>
  errorResponse(
    "UNSUPPORTED_MEDIA_TYPE",
    type
      ? `The request body is ${type.split(";")[0]}; send it as application/json.`
      : "The request body has no Content-Type; send it as application/json.",
  );

/** Node's request and response, when @hono/node-server serves the request (server.ts). */
export type NodeBindings = {
  incoming?: { socket?: { end(): void; destroy(): void } };
  outgoing?: { once(event: "finish", listener: () => void): void };
};

/**
 * A refusal sent before the body was read to its end: once the answer is out the connection is
 * ended (FIN) with the rest of the body left unread, so the client reads the answer and stops
 * sending; it is destroyed a moment later if the client keeps the connection open.
 */
function refuseUnread(response: Response, node?: NodeBindings) {
  const socket = node?.incoming?.socket;
  if (socket && node.outgoing) {
    node.outgoing.once("finish", () => {
      socket.end();
      setTimeout(() => socket.destroy(), 2_000).unref();
    });
  } else response.headers.set("connection", "close");
  return response;
}
