import Link from "next/link";

/** The organization a page shows; vendor staff get a way back to choose another. */
export function OrganizationEyebrow({ name, siteId, canSwitch }: { name: string; siteId: string; canSwitch: boolean }) {
  return (
    <span className="flex flex-wrap items-center gap-x-2">
      <span>{name}</span>
      <span className="font-normal text-slate-500">Site {siteId}</span>
      {canSwitch ? (
        <Link
          href="/organizations"
          className="font-normal text-slate-500 underline underline-offset-2 hover:text-slate-800"
        >
          Switch organization
        </Link>
      ) : null}
    </span>
  );
}
