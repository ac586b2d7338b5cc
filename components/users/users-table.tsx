"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { formatDate, sentenceCase } from "@/lib/console/format";
import { When } from "@/components/ui/when";
import type { UserRow } from "@/lib/console/users-queries";
import { withParams } from "./url";

// Loaded once rows are selected: the bar and its preview stay out of the page's first load.
const BulkBar = dynamic(() => import("./bulk-bar").then((m) => m.BulkBar), { ssr: false });
// Each row's menu (Radix menu, positioning, edit and delete dialogs) loads just after the page, so
// the users page's first load stays under 200 KB gzip; until then a same-sized inert mark holds its place.
const UserActions = dynamic(() => import("./user-actions").then((m) => m.UserActions), {
  ssr: false,
  loading: () => (
    <span aria-hidden="true" className={buttonClass("ghost", "px-2 py-1 opacity-50")}>
      ⋯
    </span>
  ),
});

const credentialTone = { issued: "success", none: "neutral", revoked: "danger" } as const;

type Props = {
  rows: UserRow[];
  organizationId: string;
  profiles: { id: string; name: string }[];
  /** For users whose profile a directory group gives: that group's name, by user id. */
  profileVia?: Record<string, string>;
  canManage: boolean;
  today: string;
};

// Columns that collapse on narrower screens, so the row actions stay in sight without scrolling:
// the email moves under the username below 1024 px, valid-to hides below 1280 px, created below 1536 px.
/** An e-mail address that wraps after its @ when it must, not in the middle of a word. */
function Email({ address }: { address: string }) {
  const at = address.lastIndexOf("@");
  if (at < 0) return address;
  return (
    <>
      {address.slice(0, at + 1)}
      <wbr />
      {address.slice(at + 1)}
    </>
  );
}

const fromLg = "hidden lg:table-cell";
const fromXl = "hidden xl:table-cell";
const wideOnly = "hidden 2xl:table-cell";

function SortHeader({
  column,
  label,
  className,
}: {
  column: "username" | "email" | "created" | "lastUsed";
  label: string;
  className?: string;
}) {
  const params = useSearchParams();
  const pathname = usePathname();
  const sort = params.get("sort") ?? "username";
  const dir = params.get("dir") === "desc" ? "desc" : "asc";
  const isCurrent = sort === column;
  const next = isCurrent && dir === "asc" ? "desc" : "asc";
  return (
    <Th className={className} aria-sort={isCurrent ? (dir === "asc" ? "ascending" : "descending") : "none"}>
      <Link
        prefetch={false}
        href={`${pathname}${withParams(new URLSearchParams(params), { sort: column, dir: next })}`}
        className="inline-flex items-center gap-1 hover:text-slate-800"
      >
        {label}
        {/* Only the column the table is sorted by shows a direction; the others say they can be sorted. */}
        <span aria-hidden="true" className={isCurrent ? "text-slate-700" : "text-slate-500"}>
          {isCurrent ? (dir === "desc" ? "↓" : "↑") : "↕"}
        </span>
      </Link>
    </Th>
  );
}

/** The users of one page; administrators select rows for bulk changes and open each row's actions. */
export function UsersTable({ rows, organizationId, profiles, profileVia = {}, canManage, today }: Props) {
  const params = useSearchParams();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const selectAll = useRef<HTMLInputElement>(null);
  // After a bulk change the bar goes away with the selection: focus moves to "select all", not to
  // the page body. The timer runs after the closing dialog's own focus return.
  const [refocus, setRefocus] = useState(0);
  useEffect(() => {
    if (refocus === 0) return;
    const timer = setTimeout(() => selectAll.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, [refocus]);
  const onPage = rows.map((r) => r.id);
  const chosen = onPage.filter((id) => selected.has(id));
  const allChosen = chosen.length === onPage.length && onPage.length > 0;
  const org = params.get("org");
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <Table aria-label="Users" stickyHeader>
        <THead>
          <tr>
            {canManage ? (
              <Th className="w-8">
                <input
                  type="checkbox"
                  aria-label="Select all users on this page"
                  checked={allChosen}
                  ref={(el) => {
                    selectAll.current = el;
                    if (el) el.indeterminate = chosen.length > 0 && !allChosen;
                  }}
                  onChange={() => setSelected(allChosen ? new Set() : new Set(onPage))}
                  className="h-4 w-4"
                />
              </Th>
            ) : null}
            <SortHeader column="username" label="Username" />
            <SortHeader column="email" label="Email" className={fromLg} />
            <Th>Profile</Th>
            <Th>Status</Th>
            <Th>Credentials</Th>
            <Th className={fromXl}>Valid to</Th>
            <Th>Seats held</Th>
            <SortHeader column="lastUsed" label="Last used" className={fromLg} />
            <SortHeader column="created" label="Created" className={wideOnly} />
            {canManage ? (
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            ) : null}
          </tr>
        </THead>
        <TBody>
          {rows.map((user) => {
            const expired = user.validTo !== null && user.validTo < today;
            return (
              <Tr key={user.id} className={selected.has(user.id) ? "bg-brand-50/60" : undefined}>
                {canManage ? (
                  <Td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${user.username}`}
                      checked={selected.has(user.id)}
                      onChange={() => toggle(user.id)}
                      className="h-4 w-4"
                    />
                  </Td>
                ) : null}
                <Td className="font-medium break-all text-slate-900 lg:break-normal">
                  <Link
                    prefetch={false}
                    href={`/users/${user.id}${org ? `?org=${encodeURIComponent(org)}` : ""}`}
                    className="hover:text-brand-700 hover:underline"
                  >
                    {user.username}
                  </Link>
                  {user.overLimit.length ? (
                    <Badge
                      tone="danger"
                      className="ml-2 align-middle"
                      title={`Beyond the limit of ${user.overLimit.join(", ")}`}
                    >
                      over limit<span className="sr-only">: beyond the limit of {user.overLimit.join(", ")}</span>
                    </Badge>
                  ) : null}
                  <span className="block text-xs font-normal [overflow-wrap:anywhere] text-slate-600 lg:hidden">
                    <Email address={user.email} />
                  </span>
                  <span className="block text-xs font-normal text-slate-600 lg:hidden">
                    {user.lastUsedAt ? (
                      <>
                        Last used <When at={user.lastUsedAt} />
                      </>
                    ) : (
                      "Never used"
                    )}
                  </span>
                </Td>
                <Td className={`${fromLg} [overflow-wrap:anywhere] min-[1400px]:whitespace-nowrap`}>
                  <Email address={user.email} />
                </Td>
                <Td className="[overflow-wrap:anywhere]">
                  {user.profileName ?? <span className="text-slate-500">No profile</span>}
                  {profileVia[user.id] ? (
                    <span className="block text-xs text-slate-600">via directory group {profileVia[user.id]}</span>
                  ) : null}
                </Td>
                <Td>
                  <Badge tone={user.status === "active" ? "success" : "neutral"}>{sentenceCase(user.status)}</Badge>
                </Td>
                <Td>
                  <Badge tone={credentialTone[user.credentials]}>{sentenceCase(user.credentials)}</Badge>
                </Td>
                <Td className={fromXl}>
                  {user.validTo ? (
                    <span className={expired ? "text-red-700" : undefined}>
                      <span className="whitespace-nowrap">{formatDate(user.validTo)}</span>{" "}
                      {expired ? <span className="whitespace-nowrap">(expired)</span> : null}
                    </span>
                  ) : (
                    <span className="whitespace-nowrap text-slate-500">No end</span>
                  )}
                </Td>
                <Td>
                  {user.seats.length ? (
                    <span className="flex flex-col items-start gap-1">
                      {user.seats.map((s) => (
                        <Badge
                          key={s.key}
                          tone="brand"
                          className="[overflow-wrap:anywhere] whitespace-normal! lg:whitespace-nowrap!"
                        >
                          {s.name}
                        </Badge>
                      ))}
                    </span>
                  ) : (
                    <span className="text-slate-500">None</span>
                  )}
                </Td>
                <Td className={`whitespace-nowrap ${fromLg}`}>
                  {user.lastUsedAt ? <When at={user.lastUsedAt} /> : <span className="text-slate-500">Never</span>}
                </Td>
                <Td className={`whitespace-nowrap ${wideOnly}`}>
                  <When at={user.createdAt} />
                </Td>
                {canManage ? (
                  <Td className="py-1.5 text-right">
                    <UserActions organizationId={organizationId} profiles={profiles} user={user} />
                  </Td>
                ) : null}
              </Tr>
            );
          })}
        </TBody>
      </Table>
      {canManage && chosen.length > 0 ? (
        <BulkBar
          organizationId={organizationId}
          userIds={chosen}
          profiles={profiles}
          onDone={() => {
            setSelected(new Set());
            setRefocus((r) => r + 1);
          }}
        />
      ) : null}
    </>
  );
}
