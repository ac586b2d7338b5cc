"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { cx } from "@/components/ui/cx";

export type NavItem = { href: string; label: string; scoped: boolean };
export type NavGroup = { label?: string; items: NavItem[] };

/** On an organization's own page (/organizations/<id>) its areas are one click away in the navigation. */
const organizationOfPath = (pathname: string) =>
  /^\/organizations\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\/|$)/i.exec(pathname)?.[1] ?? null;

/**
 * The console's navigation. Organization-scoped links keep the `?org=` a vendor chose (or the
 * organization whose page is open), so moving between areas stays on one organization.
 */
export function ConsoleNav({ groups }: { groups: NavGroup[] }) {
  const pathname = usePathname();
  const org = useSearchParams().get("org") ?? organizationOfPath(pathname);
  return (
    <nav aria-label="Console" className="flex gap-4 overflow-x-auto lg:flex-col lg:gap-6 lg:overflow-visible">
      {groups.map((group, index) => (
        <div key={group.label ?? index}>
          {group.label ? (
            <p className="mb-1 hidden px-3 text-xs font-semibold tracking-wide text-slate-500 uppercase lg:block">
              {group.label}
            </p>
          ) : null}
          <ul className="flex gap-1 lg:flex-col">
            {group.items.map((item) => {
              const isCurrent = pathname === item.href || pathname.startsWith(`${item.href}/`);
              const href = item.scoped && org ? `${item.href}?org=${encodeURIComponent(org)}` : item.href;
              return (
                <li key={item.href}>
                  <Link
                    href={href}
                    aria-current={isCurrent ? "page" : undefined}
                    className={cx(
                      "block rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap",
                      isCurrent
                        ? "bg-brand-50 text-brand-700"
                        : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                    )}
                  >
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
