import Link from "next/link";
import type { DirectoryShortage } from "@/lib/scim/log";

/** When a directory asked today for more licences than there are: which token, how many more, of what. */
export function DirectoryShortageBanner({
  organizationId,
  shortages,
}: {
  organizationId: string;
  shortages: DirectoryShortage[];
}) {
  if (shortages.length === 0) return null;
  return (
    <section
      aria-label="Directory refusals"
      data-testid="directory-shortage"
      className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-5 py-4 text-sm text-amber-950"
    >
      <h2 className="font-semibold">Your directory asked for more licences than there are</h2>
      <ul className="mt-2 space-y-1">
        {shortages.map((s) => (
          <li key={`${s.tokenName}:${s.moduleName}`}>
            {s.tokenName} wanted {s.wanted} more {s.moduleName} {s.wanted === 1 ? "licence" : "licences"} today.
          </li>
        ))}
      </ul>
      <Link
        href={`/directory?${new URLSearchParams({ org: organizationId, outcome: "refused" })}`}
        className="mt-2 inline-block font-medium underline underline-offset-2 hover:no-underline"
      >
        See the refused requests
      </Link>
    </section>
  );
}
