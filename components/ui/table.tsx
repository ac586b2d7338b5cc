import type { ComponentProps } from "react";
import { cx } from "./cx";

/**
 * A table that scrolls sideways inside its card on narrow screens. `stickyHeader` (long lists): from
 * 768 px, where those tables fit their card, its header row stays just under the console's sticky
 * top bar while the page scrolls. A sideways scroller would hold the header inside itself, so such
 * a table scrolls sideways only below 768 px, where its header scrolls away with the page.
 */
export function Table({
  className,
  stickyHeader = false,
  ...props
}: ComponentProps<"table"> & { stickyHeader?: boolean }) {
  return (
    <div className={stickyHeader ? cx("overflow-x-auto md:overflow-x-visible", stickyCells) : "overflow-x-auto"}>
      <table className={cx("w-full border-collapse text-left text-sm", className)} {...props} />
    </div>
  );
}

// Under the top bar (h-14 and its 1 px border), above the rows; the cells carry the header's
// background and bottom line, which a collapsed table's thead would leave behind.
const stickyCells =
  "md:[&_thead_th]:sticky md:[&_thead_th]:top-[calc(3.5rem+1px)] md:[&_thead_th]:z-[1] md:[&_thead_th]:bg-slate-50 md:[&_thead_th]:shadow-[inset_0_-1px_0_var(--color-slate-200)]";

export function THead(props: ComponentProps<"thead">) {
  return (
    <thead
      className="border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-500 uppercase"
      {...props}
    />
  );
}

export function TBody(props: ComponentProps<"tbody">) {
  return <tbody className="divide-y divide-slate-100" {...props} />;
}

export function Th({ className, ...props }: ComponentProps<"th">) {
  return <th scope="col" className={cx("px-4 py-2.5 font-medium whitespace-nowrap", className)} {...props} />;
}

export function Td({ className, ...props }: ComponentProps<"td">) {
  return <td className={cx("px-4 py-2.5 align-top text-slate-700", className)} {...props} />;
}

export function Tr({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cx("hover:bg-slate-50/70", className)} {...props} />;
}
