import "server-only";
import type { MailMessage } from "@/lib/mail/send";
import { kindLabels, type NotificationKind } from "./kinds";
import { unsubscribeToken } from "./unsubscribe";

export type MailedNotice = { kind: NotificationKind; title: string; body: string; link: string; occurredAt: Date };

const escape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * One message for one account: a single notice, or a day's digest of several. Each notice links
 * to the page that explains it; the unsubscribe link and RFC 8058's one-click headers turn off
 * the kind (a digest's headers turn off its first kind; the body links each kind). The
 * Message-ID is the outbox row's, so a message sent again after a crash is one message to mail
 * clients.
 */
export function composeMail(input: {
  to: string;
  accountId: string;
  mailId: string;
  origin: string;
  notices: MailedNotice[];
  digest: boolean;
}): MailMessage {
  const { origin, notices, accountId } = input;
  const unsubscribeUrl = (kind: NotificationKind) => `${origin}/unsubscribe/${unsubscribeToken(accountId, kind)}`;
  const kinds = [...new Set(notices.map((n) => n.kind))];
  const subject = input.digest
    ? `Seatkeeper daily digest: ${notices.length} notice${notices.length === 1 ? "" : "s"}`
    : `Seatkeeper: ${notices[0]!.title}`;
  const text = [
    ...notices.map((n) => `${n.title}\n${n.body}\nDetails: ${origin}${n.link}\n`),
    "—",
    ...kinds.map((k) => `Stop these e-mails (${kindLabels[k]}): ${unsubscribeUrl(k)}`),
    `Choose what you receive: ${origin}/account`,
  ].join("\n");
  const html = [
    ...notices.map(
      (n) =>
        `<h2>${escape(n.title)}</h2><p>${escape(n.body)}</p><p><a href="${escape(origin + n.link)}">See the details</a></p>`,
    ),
    "<hr>",
    ...kinds.map(
      (k) => `<p><a href="${escape(unsubscribeUrl(k))}">Stop these e-mails</a> (${escape(kindLabels[k])})</p>`,
    ),
    `<p><a href="${escape(`${origin}/account`)}">Choose what you receive</a></p>`,
  ].join("\n");
  const host = new URL(origin).hostname || "seatkeeper";
  return {
    to: input.to,
    subject,
    text,
    html,
    messageId: `<notice-${input.mailId}@${host}>`,
    headers: {
      "List-Unsubscribe": `<${unsubscribeUrl(kinds[0]!)}/one-click>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}
