import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { errorFields, log } from "@/lib/runtime/log";

/**
 * One message: a plain-text part and an HTML part saying the same thing (no images, no tracking);
 * `messageId` and `headers` for messages that need them (notices: a stable id, unsubscribe headers).
 */
export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId?: string;
  headers?: Record<string, string>;
};

/**
 * What became of a message: sent, not sent because no mail server is configured (the caller shows
 * the link to the person who asked instead), or refused or unreachable (logged; same fallback).
 */
export type MailOutcome = { sent: true } | { sent: false; reason: "not_configured" | "failed" };

let transport: Transporter | undefined;

/** Whether SEATKEEPER_SMTP_URL is set: when it is not, nothing is e-mailed and links are shown instead. */
export function isMailConfigured() {
  return Boolean(env().SEATKEEPER_SMTP_URL);
}

/**
 * Sends one message through SEATKEEPER_SMTP_URL from SEATKEEPER_MAIL_FROM. Never throws: a mail
 * server that is down is logged and answered as `failed`, so the change that asked for the
 * message (an invitation, a reset) stands and its link can still be copied.
 */
export async function sendMail(message: MailMessage): Promise<MailOutcome> {
  const { SEATKEEPER_SMTP_URL: url, SEATKEEPER_MAIL_FROM: from } = env();
  if (!url || !from) return { sent: false, reason: "not_configured" };
  // Short timeouts: a person is waiting for the answer, and the link is shown when mail fails.
  transport ??= nodemailer.createTransport(url, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 15_000,
  });
  try {
    await transport.sendMail({
      from,
      ...message,
      headers: { "Auto-Submitted": "auto-generated", ...message.headers },
    });
    return { sent: true };
  } catch (error) {
    log.warn({ ...errorFields(error), subject: message.subject }, "mail not sent");
    return { sent: false, reason: "failed" };
  }
}

/** For tests that point SEATKEEPER_SMTP_URL at another server between cases. */
export function resetMailForTests() {
  transport = undefined;
}
