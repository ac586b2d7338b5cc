import type { Metadata } from "next";
import { AuthShell } from "@/components/console/auth-shell";
import { FocusedMessage } from "@/components/people/focused-message";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { formatDate } from "@/lib/console/format";
import { dueDayOf, reviewLink, type ReviewLinkView } from "@/lib/licensing/review-links";
import { decideByReviewLinkAction } from "./actions";

export const metadata: Metadata = { title: "Access review" };

const sentences: Record<Exclude<ReviewLinkView["state"], "open">, string> = {
  unknown: "This review link is not valid. Check that you copied all of it from the e-mail.",
  expired: "This review's due day has ended, so its link no longer works. Decisions left open keep the licence.",
  finished: "This access review has finished: nothing can be changed now.",
};

// A manager's access review, reached by the personal link e-mailed to them: no console account,
// the token is the authority. It lists only the people they manage in the review.
export default async function ReviewLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const view = await reviewLink(getDb(), token);
  if (view.state !== "open") {
    return (
      <AuthShell title="Access review">
        <FocusedMessage tone="problem" message={sentences[view.state]} />
      </AuthShell>
    );
  }
  const due = dueDayOf(view.dueAt, view.timeZone);
  const decide = decideByReviewLinkAction.bind(null, token);
  const open = view.items.filter((i) => i.decision === null).length;
  return (
    <AuthShell
      wide
      title={`Access review: ${view.moduleName}`}
      intro={
        <p>
          {`For ${view.manager}, at ${view.organization}: started by ${view.startedBy}, to be decided by the end of ${due}. Those you mark remove lose their ${view.moduleName} credentials when the review ends; those left open keep them.`}
        </p>
      }
    >
      <p className="mb-3 text-sm text-slate-700" role="status" data-testid="review-link-progress">
        {open === 0
          ? "All decided. You can still change a decision until the review ends."
          : `${open} of ${view.items.length} still to decide.`}
      </p>
      <ul aria-label="People you manage in this review" className="divide-y divide-slate-100">
        {view.items.map((item) => (
          <li key={item.userId} className="flex flex-wrap items-center justify-between gap-3 py-3">
            <div>
              <p className="font-medium text-slate-900">{item.username}</p>
              <p className="text-xs text-slate-600">
                {item.lastUsedAt ? `Last used ${formatDate(item.lastUsedAt)}` : `Never used ${view.moduleName}`}
                {" · "}
                {item.decision === "keep" ? "Keep" : item.decision === "remove" ? "Remove" : "Not decided"}
              </p>
            </div>
            <form action={decide} role="group" aria-label={`Decision for ${item.username}`} className="flex gap-2">
              <input type="hidden" name="userId" value={item.userId} />
              <Button
                type="submit"
                name="decision"
                value="keep"
                variant={item.decision === "keep" ? "primary" : "secondary"}
                aria-pressed={item.decision === "keep"}
              >
                Keep
              </Button>
              <Button
                type="submit"
                name="decision"
                value="remove"
                variant={item.decision === "remove" ? "danger" : "secondary"}
                aria-pressed={item.decision === "remove"}
              >
                Remove
              </Button>
            </form>
          </li>
        ))}
      </ul>
    </AuthShell>
  );
}
