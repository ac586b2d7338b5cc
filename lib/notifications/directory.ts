import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import type { NoticeDraft } from "./write";

/** A denial row is its own short transaction: it is read this long after it was written. */
const GRACE_MS = 15_000;

/**
 * The directory's refusals for lack of licences since the cursor: one notice per organization
 * and day (an identity provider retries every few minutes; one notice says it). Answers the
 * notices and where the cursor moves to.
 */
export async function directoryRefusals(
  tx: Tx,
  from: Date,
  now: Date,
): Promise<{ drafts: NoticeDraft[]; until: Date }> {
  // Never past the database's own clock: a clock set ahead (a test's) must not skip rows to come.
  const [bound] = rowsOf<{ at: Date | string }>(await tx.execute(sql`select now() as at`));
  // A cursor left ahead of it (by such a clock) reads from that clock again: notices are per day, so
  // rows read twice make no second notice.
  const dbNow = new Date(bound!.at).getTime();
  const until = new Date(Math.min(now.getTime() - GRACE_MS, dbNow));
  const start = new Date(Math.min(from.getTime(), dbNow - GRACE_MS));
  if (until <= start) return { drafts: [], until: start };
  const rows = rowsOf<{ organizationId: string; count: number; first: Date | string }>(
    await tx.execute(sql`
      select organization_id as "organizationId", count(*)::int as count, min(created_at) as first
        from denials
       where kind = 'directory' and created_at >= ${start.toISOString()}::timestamptz
         and created_at < ${until.toISOString()}::timestamptz
       group by organization_id`),
  );
  const drafts = rows.map((r): NoticeDraft => {
    const occurredAt = new Date(r.first);
    return {
      kind: "directory_refused",
      organizationId: r.organizationId,
      title: "The directory was refused for lack of licences",
      body: `${Number(r.count)} change${Number(r.count) === 1 ? "" : "s"} from your identity provider (SCIM) would have needed more licences than the contract has, so nothing of them was applied.`,
      link: `/directory?org=${r.organizationId}`,
      source: `directory:${r.organizationId}:${occurredAt.toISOString().slice(0, 10)}`,
      occurredAt,
    };
  });
  return { drafts, until };
}
