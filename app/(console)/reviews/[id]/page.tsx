import { OrganizationTime } from "@/components/ui/when";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { AcceptDecrease, FinishReview, ReviewOutcome } from "@/components/reviews/finish-review";
import { ReviewDecision } from "@/components/reviews/review-decisions";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { can, isVendorStaff } from "@/lib/auth/permissions";
import { formatContractEnd, formatDate } from "@/lib/console/format";
import { When } from "@/components/ui/when";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";
import { accessReview } from "@/lib/licensing/access-reviews";
import { reviewLinkStates } from "@/lib/licensing/review-links";
import { UNUSED_SEAT_DAYS } from "@/lib/reports/unused-seats";

export const metadata: Metadata = { title: "Access review" };

/** The last day the review is open for, in the organization's zone (it is due at that day's end there). */
const lastDay = (dueAt: Date, timeZone: string) => `${formatContractEnd(dueAt, timeZone)} (${timeZone})`;

export default async function AccessReviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  const { actor, organization } = await requireOrganization(raw, "/contract");
  const found = await accessReview(getDb(), organization.id, id);
  // Another organization's review answers not-found, like an unknown id.
  if (!found) notFound();
  const links = await reviewLinkStates(getDb(), found.review.id);
  const { review, items, moduleName } = found;
  const target = { organizationId: organization.id };
  const canReview = can(actor, "reviews.manage", target);
  const canSchedule = can(actor, "capacity.change", target);
  const open = review.finishedAt === null;
  const contractHref = `/contract?org=${organization.id}`;
  const marked = items.filter((i) => i.decision !== null).length;

  return (
    <OrganizationTime timeZone={organization.timeZone}>
      <PageHeader
        title={`Access review: ${moduleName}`}
        eyebrow={
          <OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />
        }
        description={`The named seats of ${moduleName} unused for ${UNUSED_SEAT_DAYS} days when the review started. Their managers decide by the link e-mailed to them; owners and admins decide the rest, and may decide any. Mark each keep or remove; when it finishes, the credentials of those marked remove are revoked in one change, and the rest keep their seats.`}
      />
      <div className="space-y-6">
        <Card aria-label="Review">
          <CardHeader
            title={
              open ? (
                `Due by the end of ${lastDay(review.dueAt, organization.timeZone)}`
              ) : (
                <>
                  Finished <When at={review.finishedAt!} />
                </>
              )
            }
            description={`Started by ${review.startedBy} · ${marked} of ${items.length} marked`}
            action={<Badge tone={open ? "brand" : "neutral"}>{open ? "Open" : "Finished"}</Badge>}
          />
          <Table aria-label="Users to review">
            <THead>
              <Tr>
                <Th scope="col">User</Th>
                <Th scope="col">Last used {moduleName}</Th>
                <Th scope="col">To decide</Th>
                <Th scope="col">Decision</Th>
              </Tr>
            </THead>
            <TBody>
              {items.map((item) => (
                <Tr key={item.userId}>
                  <Td>
                    <Link
                      href={`/users/${item.userId}?org=${organization.id}`}
                      className="font-medium text-brand-700 underline underline-offset-2"
                    >
                      {item.username}
                    </Link>
                  </Td>
                  <Td>{item.lastUsedAt ? <When at={item.lastUsedAt} /> : "Never"}</Td>
                  <Td>
                    <Decider item={item} linkStatus={item.deciderId ? links.get(item.deciderId) : undefined} />
                  </Td>
                  <Td>
                    {canReview && open ? (
                      <ReviewDecision
                        organizationId={organization.id}
                        reviewId={review.id}
                        userId={item.userId}
                        username={item.username}
                        decision={item.decision === "keep" || item.decision === "remove" ? item.decision : null}
                        open={open}
                      />
                    ) : item.decision === "remove" ? (
                      "Remove"
                    ) : item.decision === "keep" ? (
                      "Keep"
                    ) : (
                      "Not marked (kept)"
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <CardBody className="border-t border-slate-100">
            {open ? (
              canReview ? (
                <div className="flex flex-wrap items-center gap-3">
                  <FinishReview organizationId={organization.id} reviewId={review.id} />
                  <p className="text-sm text-slate-600">
                    {`Finishes by itself at the end of ${lastDay(review.dueAt, organization.timeZone)}; users not marked keep their seats.`}
                  </p>
                </div>
              ) : (
                <p className="text-sm text-slate-600">An owner or admin marks and finishes the review.</p>
              )
            ) : (
              <Outcome
                removed={review.removed ?? 0}
                offered={review.offeredCapacity}
                capacity={found.capacity}
                scheduled={found.scheduledCapacity}
                renewal={found.endsAt ? formatDate(found.endsAt) : null}
                canSchedule={canSchedule}
                organizationId={organization.id}
                reviewId={review.id}
                contractHref={contractHref}
              />
            )}
          </CardBody>
        </Card>
      </div>
    </OrganizationTime>
  );
}

const linkWords: Record<string, string> = {
  pending: "link being e-mailed",
  sending: "link being e-mailed",
  sent: "link e-mailed",
  skipped: "link not e-mailed: mail is not configured",
  failed: "link could not be e-mailed",
};

/** Who is to decide an item (its manager by their link, or the owners and admins) and who did. */
function Decider({
  item,
  linkStatus,
}: {
  item: { decider: string | null; decidedBy: string | null; decision: string | null };
  linkStatus: string | undefined;
}) {
  return (
    <div className="text-sm">
      <p className="text-slate-800">
        {item.decider ? `${item.decider} (manager)` : "Owners and admins"}
        {item.decider && linkStatus ? <span className="text-slate-600">{` · ${linkWords[linkStatus]}`}</span> : null}
      </p>
      <p className="text-xs text-slate-600">{item.decidedBy ? `Decided by ${item.decidedBy}` : "Not decided yet"}</p>
    </div>
  );
}

function Outcome({
  removed,
  offered,
  capacity,
  scheduled,
  renewal,
  canSchedule,
  organizationId,
  reviewId,
  contractHref,
}: {
  removed: number;
  offered: number | null;
  capacity: number;
  scheduled: number | null;
  renewal: string | null;
  canSchedule: boolean;
  organizationId: string;
  reviewId: string;
  contractHref: string;
}) {
  return (
    <ReviewOutcome>
      <p className="text-sm text-slate-800">
        {removed === 0
          ? "Nobody was removed: every listed user kept their seat."
          : `Credentials of ${removed} ${removed === 1 ? "user were" : "users were"} revoked.`}
      </p>
      {offered === null || renewal === null ? null : scheduled !== null && scheduled <= offered ? (
        <p className="text-sm text-slate-800">
          {`A decrease to ${scheduled} is scheduled for the renewal on ${renewal}. `}
          <Link href={contractHref} className="font-medium text-brand-700 underline underline-offset-2">
            See the contract
          </Link>
        </p>
      ) : canSchedule ? (
        <AcceptDecrease
          organizationId={organizationId}
          reviewId={reviewId}
          capacity={capacity}
          offeredCapacity={offered}
          renewal={renewal}
        />
      ) : (
        <p className="text-sm text-slate-700">
          {`The contract owner is offered a decrease to ${offered} at the renewal on ${renewal}.`}
        </p>
      )}
    </ReviewOutcome>
  );
}
