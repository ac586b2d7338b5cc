import "server-only";
import type { MailMessage } from "@/lib/mail/send";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Both parts from one list of paragraphs and one link, so they always say the same thing. */
function message(to: string, subject: string, paragraphs: string[], link: { label: string; url: string }) {
  const text = [...paragraphs.slice(0, 1), `${link.label}: ${link.url}`, ...paragraphs.slice(1)].join("\n\n");
  const html = [
    `<p>${escapeHtml(paragraphs[0]!)}</p>`,
    `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a><br>${escapeHtml(link.url)}</p>`,
    ...paragraphs.slice(1).map((p) => `<p>${escapeHtml(p)}</p>`),
  ].join("\n");
  return { to, subject, text, html } satisfies MailMessage;
}

const roleNames = { operator: "an operator", support: "a support", owner: "an owner", admin: "an admin" } as const;

/** The e-mail of an invitation: who invited, to what, until when, and what to do if unexpected. */
export function invitationMail(input: {
  to: string;
  invitedBy: string;
  role: keyof typeof roleNames;
  organizationName: string | null;
  url: string;
  expiresAt: Date;
}): MailMessage {
  const where = input.organizationName ? `${input.organizationName} on Seatkeeper` : "the Seatkeeper vendor team";
  return message(
    input.to,
    `You are invited to ${where}`,
    [
      `${input.invitedBy} invited you to join ${where} as ${roleNames[input.role]} (console account).`,
      `The link works once, until ${input.expiresAt.toUTCString()}. Opening it lets you choose a password and sign in.`,
      "If you did not expect this invitation, ignore this message: no account is made until the link is used.",
    ],
    { label: "Accept the invitation", url: input.url },
  );
}

/** The e-mail of a password reset, asked for on the sign-in page. */
export function resetMail(input: { to: string; url: string; expiresAt: Date }): MailMessage {
  return message(
    input.to,
    "Reset your Seatkeeper password",
    [
      "Someone (hopefully you) asked to reset the password of your Seatkeeper console account.",
      `The link works once, until ${input.expiresAt.toUTCString()}. Using it signs you out everywhere.`,
      "If you did not ask for this, ignore this message: your password stays as it is.",
    ],
    { label: "Choose a new password", url: input.url },
  );
}
