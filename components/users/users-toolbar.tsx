"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import type { UserChoices } from "@/lib/console/users-queries";
import { withParams } from "./url";

// One height for the search box, the selects and the buttons: an input and a select of the same
// padding differ by a few pixels, which put the search off the selects' line.
const control = "h-9 rounded-md border border-slate-400 bg-white px-2 text-sm text-slate-800";
const select = `${control} max-w-32`;

/** Search and filters of the users table; every choice lives in the URL, so a reload keeps it. */
export function UsersToolbar({ choices }: { choices: UserChoices }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [q, setQ] = useState(params.get("q") ?? "");
  const [pending, startTransition] = useTransition();

  // The query last asked for: a second choice made before the first navigation lands builds on
  // it, instead of on the URL of the moment, which would undo the first choice.
  const requested = useRef(params.toString());
  useEffect(() => {
    requested.current = params.toString();
  }, [params]);
  const go = (patch: Record<string, string | undefined>) => {
    const query = withParams(new URLSearchParams(requested.current), patch);
    requested.current = query.slice(1);
    startTransition(() => router.replace(`${pathname}${query}`));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ q: q.trim() });
  };
  const filter = (name: string, label: string, options: { value: string; label: string }[]) => (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
      {label}
      <select className={select} value={params.get(name) ?? ""} onChange={(e) => go({ [name]: e.target.value })}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  const active = ["q", "status", "profile", "module", "credentials", "expired", "seat", "over", "unused"].some((k) =>
    params.get(k),
  );

  return (
    <div className="flex flex-wrap items-end gap-x-2 gap-y-3 border-b border-slate-100 px-4 py-3" aria-busy={pending}>
      <form role="search" onSubmit={submit} className="flex items-end gap-2">
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Search
          <input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Username or email"
            className={`${control} w-44`}
          />
        </label>
        <Button type="submit" variant="secondary" className="h-9 py-0">
          Search
        </Button>
      </form>
      {filter("status", "Status", [
        { value: "active", label: "Active" },
        { value: "inactive", label: "Inactive" },
      ])}
      {filter("profile", "Profile", [
        { value: "none", label: "No profile" },
        ...choices.profiles.map((p) => ({ value: p.id, label: p.name })),
      ])}
      {filter(
        "module",
        "Module granted",
        choices.modules.map((m) => ({ value: m.key, label: m.name })),
      )}
      {filter("credentials", "Credentials", [
        { value: "issued", label: "Issued" },
        { value: "none", label: "None" },
        { value: "revoked", label: "Revoked" },
      ])}
      {filter("expired", "Valid to", [
        { value: "yes", label: "Expired" },
        { value: "no", label: "Not expired" },
      ])}
      {filter("unused", "Not used for", [
        { value: "30", label: "30 days" },
        { value: "60", label: "60 days" },
        { value: "90", label: "90 days" },
      ])}
      {/* "Over limit" (rule 5) is a kind of seat holder, so it is a choice of the Seats filter, kept in the URL as over=yes. */}
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Seats
        <select
          className={select}
          value={params.get("over") === "yes" ? "over" : (params.get("seat") ?? "")}
          onChange={(e) =>
            go(
              e.target.value === "over"
                ? { seat: undefined, over: "yes" }
                : { seat: e.target.value || undefined, over: undefined },
            )
          }
        >
          <option value="">Any</option>
          <option value="yes">Holds a seat</option>
          <option value="no">Holds no seat</option>
          <option value="over">Over limit</option>
        </select>
      </label>
      {active ? (
        <Button
          variant="ghost"
          className="h-9 py-0"
          onClick={() => {
            setQ("");
            go({
              q: undefined,
              status: undefined,
              profile: undefined,
              module: undefined,
              credentials: undefined,
              expired: undefined,
              seat: undefined,
              over: undefined,
              unused: undefined,
            });
          }}
        >
          Clear filters
        </Button>
      ) : null}
      {pending ? (
        <span className="text-xs text-slate-500" role="status">
          Loading…
        </span>
      ) : null}
    </div>
  );
}
