"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { formatDate } from "@/lib/console/format";
import type { UserRow } from "@/lib/console/users-queries";
import { BulkBar } from "./bulk-bar";
import { UserActions } from "./user-actions";
import { withParams } from "./url";

const credentialTone = { issued: "success", none: "neutral", revoked: "danger" } as const;

type Props = {
  rows: UserRow[];
  organizationId: string;
  profiles: { id: string; name: string }[];
  canManage: boolean;
  today: string;
};

// Shown on wide screens only: with it, the table is wider than the page at 1280 px and the row actions scroll out of sight.
const wideOnly = "hidden 2xl:table-cell";

function SortHeader({
  column,
  label,
  className,
}: {
  column: "username" | "email" | "created";
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
    <Th className={className} aria-sort={isCurrent ? (dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link
        href={`${pathname}${withParams(new URLSearchParams(params), { sort: column, dir: next })}`}
        className="inline-flex items-center gap-1 hover:text-slate-800"
      >
        {label}
        <span aria-hidden="true" className={isCurrent ? "text-slate-700" : "text-slate-300"}>
          {isCurrent && dir === "desc" ? "↓" : "↑"}
        </span>
      </Link>
    </Th>
  );
}

/** The users of one page; administrators select rows for bulk changes and open each row's actions. */
export function UsersTable({ rows, organizationId, profiles, canManage, today }: Props) {
  const params = useSearchParams();
  const [selected, setSelected] = useState<Set<string>>(new Set());
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
      {canManage && chosen.length > 0 ? (
        <BulkBar
          organizationId={organizationId}
          userIds={chosen}
          profiles={profiles}
          onDone={() => setSelected(new Set())}
        />
      ) : null}
      <Table aria-label="Users">
        <THead>
          <tr>
            {canManage ? (
              <Th className="w-8">
                <input
                  type="checkbox"
                  aria-label="Select all users on this page"
                  checked={allChosen}
                  ref={(el) => {
                    if (el) el.indeterminate = chosen.length > 0 && !allChosen;
                  }}
                  onChange={() => setSelected(allChosen ? new Set() : new Set(onPage))}
                  className="h-4 w-4"
                />
              </Th>
            ) : null}
            <SortHeader column="username" label="Username" />
            <SortHeader column="email" label="Email" />
            <Th>Profile</Th>
            <Th>Status</Th>
            <Th>Credentials</Th>
            <Th>Valid to</Th>
            <Th>Seats held</Th>
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
                <Td className="font-medium text-slate-900">
                  <Link
                    href={`/users/${user.id}${org ? `?org=${encodeURIComponent(org)}` : ""}`}
                    className="hover:text-brand-700 hover:underline"
                  >
                    {user.username}
                  </Link>
                </Td>
                <Td className="max-w-40 truncate" title={user.email}>
                  {user.email}
                </Td>
                <Td>{user.profileName ?? <span className="text-slate-400">No profile</span>}</Td>
                <Td>
                  <Badge tone={user.status === "active" ? "success" : "neutral"}>{user.status}</Badge>
                </Td>
                <Td>
                  <Badge tone={credentialTone[user.credentials]}>{user.credentials}</Badge>
                </Td>
                <Td>
                  {user.validTo ? (
                    <span className={expired ? "text-red-700" : undefined}>
                      <span className="whitespace-nowrap">{formatDate(user.validTo)}</span>{" "}
                      {expired ? <span className="whitespace-nowrap">(expired)</span> : null}
                    </span>
                  ) : (
                    <span className="whitespace-nowrap text-slate-400">No end</span>
                  )}
                </Td>
                <Td>
                  {user.seats.length ? (
                    <span className="flex flex-col items-start gap-1">
                      {user.seats.map((s) => (
                        <Badge key={s.key} tone="brand">
                          {s.name}
                        </Badge>
                      ))}
                    </span>
                  ) : (
                    <span className="text-slate-400">None</span>
                  )}
                </Td>
                <Td className={`whitespace-nowrap ${wideOnly}`}>{formatDate(user.createdAt)}</Td>
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
    </>
  );
}
