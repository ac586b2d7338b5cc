import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SkipLink } from "@/components/console/skip-link";
import { getActor } from "@/lib/auth/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { callbackUrl } = await searchParams;
  const next =
    typeof callbackUrl === "string" && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//")
      ? callbackUrl
      : "/dashboard";
  if (await getActor()) redirect(next);

  return (
    <>
      <SkipLink />
      <main
        id="main"
        tabIndex={-1}
        className="flex min-h-screen items-center justify-center px-4 py-12 focus:outline-none"
      >
        <div className="w-full max-w-sm">
          <div className="mb-8 flex items-center justify-center gap-2">
            <span
              aria-hidden
              className="grid size-9 place-items-center rounded-lg bg-brand-600 text-lg font-bold text-white"
            >
              S
            </span>
            <span className="text-xl font-semibold tracking-tight">Seatkeeper</span>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h1 className="text-lg font-semibold text-slate-900">Sign in to the console</h1>
            <p className="mt-1 mb-5 text-sm text-slate-500">Use the email and password of your console account.</p>
            <LoginForm callbackUrl={next} />
          </div>
        </div>
      </main>
    </>
  );
}
