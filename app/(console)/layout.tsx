import { headers } from "next/headers";
import { Suspense } from "react";
import { ConsoleHeader } from "@/components/console/header";
import { ConsoleNav, type NavGroup, type NavItem } from "@/components/console/nav";
import { ConsoleProviders } from "@/components/console/providers";
import { SkipLink } from "@/components/console/skip-link";
import { isVendorStaff } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { assertPageTargetExists } from "@/lib/console/found";
import { PAGE_URL_HEADER } from "@/lib/console/page-url";
import { signOutAction, signOutEverywhereAction } from "./actions";

const organizationItems: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", scoped: true },
  { href: "/users", label: "Users", scoped: true },
  { href: "/profiles", label: "Profiles", scoped: true },
  { href: "/sessions", label: "Sessions", scoped: true },
  { href: "/devices", label: "Devices", scoped: true },
  { href: "/usage", label: "Usage", scoped: true },
  { href: "/audit", label: "Audit", scoped: true },
  { href: "/denials", label: "Denials", scoped: true },
  { href: "/contract", label: "Contract", scoped: true },
];
const vendorItems: NavItem[] = [
  { href: "/organizations", label: "Organizations", scoped: false },
  { href: "/catalogue", label: "Catalogue", scoped: false },
];

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  await assertPageTargetExists(actor, (await headers()).get(PAGE_URL_HEADER));
  const groups: NavGroup[] = isVendorStaff(actor)
    ? [
        { label: "Vendor", items: vendorItems },
        { label: "Organization", items: organizationItems },
      ]
    : [{ items: organizationItems }];
  return (
    <div className="min-h-screen">
      <SkipLink />
      <ConsoleHeader
        email={actor.label}
        role={actor.role}
        signOutAction={signOutAction}
        signOutEverywhereAction={signOutEverywhereAction}
      />
      <div className="mx-auto flex max-w-screen-2xl flex-col gap-6 px-4 py-6 sm:px-6 lg:flex-row">
        <aside className="lg:w-48 lg:shrink-0">
          <Suspense fallback={null}>
            <ConsoleNav groups={groups} />
          </Suspense>
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
          <ConsoleProviders>{children}</ConsoleProviders>
        </main>
      </div>
    </div>
  );
}
