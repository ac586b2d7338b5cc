import { errorResponse } from "@/lib/http/errors";

export const MAX_BODY_BYTES = 64 * 1024;

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

/** No body, or an empty one. */
export const EMPTY = Symbol("empty body");

/**
 * Reads a JSON request body: at most 64 KB, counted while it streams in (a larger body is refused
 * the moment it passes the limit, the rest unread), only as `application/json`. Answers the
 * parsed value, EMPTY, or the refusal to send. Served by Node (server.ts), it reads Node's own
 * stream: a web stream over it costs more CPU than the rest of a session's open.
 */
export async function readJsonBody(req: Request, node?: NodeBindings): Promise<unknown> {
  const type = req.headers.get("content-type");
  const isJson = type !== null && jsonMediaType.test(type.split(";")[0]!.trim());
  const declared = Number(req.headers.get("content-length") ?? "");
  if (declared > MAX_BODY_BYTES) return refuseUnread(tooLarge(), node);
  if (type !== null && !isJson && declared > 0) return refuseUnread(unsupported(type), node);
  const bytes = node?.incoming ? await readNodeStream(node.incoming) : await readWebStream(req.body);
  if (bytes === TOO_LARGE) return refuseUnread(tooLarge(), node);
  if (bytes === null) return EMPTY;
  const text = new TextDecoder().decode(bytes);
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

const TOO_LARGE = Symbol("too large");

async function readWebStream(body: ReadableStream<Uint8Array> | null) {
  if (!body) return null;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concat(chunks, size);
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      reader.releaseLock();
      return TOO_LARGE;
    }
    chunks.push(value);
  }
}

/** Node's request stream to its end, or TOO_LARGE as soon as it passes the limit (the rest left unread). */
function readNodeStream(incoming: NodeIncoming): Promise<Uint8Array | typeof TOO_LARGE> {
  if (incoming.readableEnded) return Promise.resolve(new Uint8Array());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Uint8Array | typeof TOO_LARGE | Error) => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
      incoming.off("aborted", onAborted);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      incoming.pause();
      done(TOO_LARGE);
    };
    const onEnd = () => done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    const onError = (e: Error) => done(e);
    const onAborted = () =>
      done(Object.assign(new Error("The client closed the connection."), { name: "RequestError" }));
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
    incoming.on("aborted", onAborted);
  });
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
type NodeIncoming = {
  socket?: { end(): void; destroy(): void };
  readableEnded?: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
  pause(): unknown;
};

export type NodeBindings = {
  incoming?: NodeIncoming;
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
