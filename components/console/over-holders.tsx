import Link from "next/link";
import type { OverHolder } from "@/lib/console/over-limit-queries";

/** Rule 5's names: the users beyond a pool's limit, most recent first, each a link to their page. */
export function OverHolders({
  organizationId,
  holders,
  lead = "Beyond the limit, most recent first:",
}: {
  organizationId: string;
  holders: OverHolder[];
  lead?: string;
}) {
  if (holders.length === 0) return null;
  return (
    <span data-testid="over-holders">
      {lead}{" "}
      {holders.map((o, i) => (
        <span key={o.id}>
          {i > 0 ? ", " : ""}
          <Link
            prefetch={false}
            href={`/users/${o.id}?org=${encodeURIComponent(organizationId)}`}
            className="font-medium underline underline-offset-2 hover:no-underline"
          >
            {o.label}
          </Link>
        </span>
      ))}
    </span>
  );
}
