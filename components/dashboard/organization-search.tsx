import { buttonClass } from "@/components/ui/button";

/** Search by name or site ID: a plain GET form, so the term lives in the URL (`?q=`). */
export function OrganizationSearch({ search, next }: { search: string; next?: string }) {
  return (
    <form role="search" action="/organizations" className="mb-4 flex flex-wrap items-center gap-2">
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <label htmlFor="organization-search" className="sr-only">
        Search organizations by name or site ID
      </label>
      <input
        id="organization-search"
        name="q"
        type="search"
        defaultValue={search}
        placeholder="Name or site ID"
        className="focus:ring-brand-200 w-72 rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-2"
      />
      <button type="submit" className={buttonClass("secondary")}>
        Search
      </button>
    </form>
  );
}
