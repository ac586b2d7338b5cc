import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="max-w-md text-sm text-slate-500">
        There is nothing at this address: the page does not exist, or it belongs to an organization you cannot see.
      </p>
      <Link href="/dashboard" className="text-sm font-medium text-brand-700 underline underline-offset-2">
        Go to the dashboard
      </Link>
    </main>
  );
}
