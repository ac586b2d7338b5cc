import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { When } from "@/components/ui/when";
import { formatDateTime } from "@/lib/console/format";
import type { NoticeRow } from "@/lib/notifications/queries";

const mailState = ({ mail, mailForgotten }: NoticeRow): string | null => {
  if (!mail) return mailForgotten ? null : "Not e-mailed (your choice)";
  switch (mail.status) {
    case "sent":
      return mail.digest ? "In your daily digest" : "E-mailed";
    case "skipped":
      return "Not e-mailed: mail is not configured";
    case "failed":
      return "E-mail failed";
    default:
      return mail.digest ? `In the digest of ${formatDateTime(mail.dueAt)}` : "E-mail on its way";
  }
};

/** The account's notices, each with the page that explains it and what became of its e-mail. */
export function NoticeList({ rows }: { rows: NoticeRow[] }) {
  return (
    <ul className="divide-y divide-slate-200" data-testid="notice-list">
      {rows.map((n) => (
        <li key={n.id} className="flex flex-col gap-1 px-4 py-3 sm:px-6">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <Link href={n.link} className="font-medium text-slate-900 underline-offset-2 hover:underline">
              {n.title}
            </Link>
            <When at={n.occurredAt} className="text-xs text-slate-500" />
          </div>
          <p className="text-sm text-slate-600">{n.body}</p>
          {mailState(n) === null ? null : (
            <p>
              <Badge tone="neutral">{mailState(n)}</Badge>
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
