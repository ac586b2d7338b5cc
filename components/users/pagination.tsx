import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { withParams } from "./url";

/** "51–100 of 2,340" with previous/next links that keep the filters. */
export function Pagination({
  params,
  page,
  pageSize,
  total,
}: {
  params: Record<string, string | undefined>;
  page: number;
  pageSize: number;
  total: number;
}) {
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const number = new Intl.NumberFormat("en");
  return (
    <nav
      aria-label="Pages"
      className="flex items-center justify-between gap-3 border-t border-slate-100 px-4 py-3 text-sm text-slate-600"
    >
      <span>
        {number.format(first)}–{number.format(last)} of {number.format(total)}
      </span>
      <span className="flex items-center gap-2">
        {page > 1 ? (
          <Link
            prefetch={false}
            className={buttonClass("secondary", "py-1")}
            href={withParams(params, { page: page - 1 })}
            rel="prev"
          >
            Previous
          </Link>
        ) : null}
        <span aria-current="page">
          Page {number.format(page)} of {number.format(pages)}
        </span>
        {page < pages ? (
          <Link
            prefetch={false}
            className={buttonClass("secondary", "py-1")}
            href={withParams(params, { page: page + 1 })}
            rel="next"
          >
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
