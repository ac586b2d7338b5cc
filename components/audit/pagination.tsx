import Link from "next/link";

/** Previous/next links that keep every other URL parameter. */
export function Pagination({
  page,
  pageSize,
  total,
  params,
  path,
  isTotalCapped = false,
}: {
  page: number;
  pageSize: number;
  total: number;
  /** The total is a floor ("more than"): the next page stays reachable. */
  isTotalCapped?: boolean;
  params: URLSearchParams;
  path: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const next = new URLSearchParams(params);
    if (p === 1) next.delete("page");
    else next.set("page", String(p));
    return `${path}?${next}`;
  };
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const link = "rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50";
  const off = "rounded-md border border-slate-200 px-3 py-1.5 text-slate-500";
  return (
    <nav
      aria-label="Pages"
      className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 px-5 py-3 text-sm text-slate-600"
    >
      <p>
        {first}–{isTotalCapped ? page * pageSize : Math.min(total, page * pageSize)} of{" "}
        {isTotalCapped ? `more than ${total.toLocaleString("en")}` : total}
      </p>
      <div className="flex items-center gap-2">
        {page > 1 ? (
          <Link prefetch={false} href={href(page - 1)} className={link} rel="prev">
            Previous
          </Link>
        ) : (
          <span className={off} aria-disabled="true">
            Previous
          </span>
        )}
        <span>{isTotalCapped ? `Page ${page}` : `Page ${Math.min(page, pages)} of ${pages}`}</span>
        {page < pages || isTotalCapped ? (
          <Link prefetch={false} href={href(page + 1)} className={link} rel="next">
            Next
          </Link>
        ) : (
          <span className={off} aria-disabled="true">
            Next
          </span>
        )}
      </div>
    </nav>
  );
}
