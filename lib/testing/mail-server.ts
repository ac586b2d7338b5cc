import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A message as the test reads it: who it went to and from, its subject, both parts, its
 * Message-ID and its header lines (lower-case names, values unfolded).
 */
export type ReceivedMail = {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
};

/**
 * A real SMTP server on a free port of 127.0.0.1 (no TLS, any login accepted), as the tests'
 * mail provider. Every message is parsed and kept in `messages`; with `folder`, each is also
 * written there as one JSON file, so another process (a Playwright spec) can read what arrived.
 * `refuse` makes it answer every message with a permanent failure, as a broken provider would;
 * `hold` makes it take a message's data and never answer (the message is not accepted), counting
 * such messages in `held`, so a test can kill the sender mid-send.
 */
export async function startMailServer(options: { folder?: string } = {}) {
  const messages: ReceivedMail[] = [];
  const state = { refuse: false, hold: false, held: 0 };
  if (options.folder) fs.mkdirSync(options.folder, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onAuth: (_auth, _session, callback) => callback(null, { user: "test" }),
    onData(stream, _session, callback) {
      if (state.hold) {
        state.held += 1;
        stream.resume();
        return;
      }
      if (state.refuse) {
        stream.resume();
        stream.on("end", () => callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 })));
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          const to = [parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase()));
          const mail: ReceivedMail = {
            to,
            from: parsed.from?.text ?? "",
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            messageId: parsed.messageId ?? "",
            headers: Object.fromEntries(
              parsed.headerLines.map((h) => [
                h.key,
                h.line
                  .slice(h.line.indexOf(":") + 1)
                  .replace(/\r?\n\s+/g, " ")
                  .trim(),
              ]),
            ),
          };
          messages.push(mail);
          if (options.folder) {
            const file = path.join(options.folder, `${Date.now()}-${messages.length}.json`);
            fs.writeFileSync(`${file}.tmp`, JSON.stringify(mail));
            fs.renameSync(`${file}.tmp`, file);
          }
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A sender killed mid-message (as the killed-sender tests do) resets its connection; smtp-server
  // emits that as the server's 'error', which with no listener ends the test process.
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://test:test@127.0.0.1:${port}`,
    messages,
    state,
    /** The messages sent to one address so far. */
    to: (address: string) => messages.filter((m) => m.to.includes(address.toLowerCase())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type MailServer = Awaited<ReturnType<typeof startMailServer>>;

/** The messages a folder written by `startMailServer({ folder })` holds for one address. */
export function mailInFolder(folder: string, address: string): ReceivedMail[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), "utf8")) as ReceivedMail)
    .filter((m) => m.to.includes(address.toLowerCase()));
}

/** The first link of a message's text to a path of the console (e.g. "/reset/"). */
export function linkIn(mail: ReceivedMail, pathPrefix: string): string | null {
  const match = new RegExp(`https?://\\S+${pathPrefix.replace(/\//g, "\\/")}\\S+`).exec(mail.text);
  return match ? match[0] : null;
}
