import "server-only";
import { sql } from "drizzle-orm";
import { denials } from "@/db/schema";
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
  // Rounded up to the millisecond, and the window includes its end: a row written just before this
  // transaction, within its clock's tick, is read now, not in the next window after this day's
  // notice (which would then miss it in its count). Each window starts after the last one's end.
  const [bound] = rowsOf<{ ms: number | string }>(
    await tx.execute(sql`select ceil(extract(epoch from now()) * 1000)::float8 as ms`),
  );
  // A cursor left ahead of it (by such a clock) reads from that clock again: notices are per day, so
  // rows read twice make no second notice.
  const dbNow = Number(bound!.ms);
  const until = new Date(Math.min(now.getTime() - GRACE_MS, dbNow));
  const start = new Date(Math.min(from.getTime(), dbNow - GRACE_MS));
  if (until <= start) return { drafts: [], until: start };
  const rows = rowsOf<{ organizationId: string; count: number; first: Date | string }>(
    await tx.execute(sql`
      select ${denials.organizationId} as "organizationId", count(*)::int as count, min(${denials.createdAt}) as first
        from ${denials}
       where ${denials.kind} = 'directory' and ${denials.createdAt} > ${start.toISOString()}::timestamptz
         and ${denials.createdAt} <= ${until.toISOString()}::timestamptz
       group by ${denials.organizationId}`),
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
