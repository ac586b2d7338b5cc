import { Suspense } from "react";
import { signOutAction } from "@/app/(console)/actions";
import { isVendorStaff } from "@/lib/auth/permissions";
import type { AccountActor } from "@/lib/auth/session";
import { FocusKeeper } from "./focus-keeper";
import { ConsoleHeader } from "./header";
import { ConsoleNav, type NavGroup, type NavItem } from "./nav";
import { SkipLink } from "./skip-link";

/** The signed-in account's own notices (its organization's, or the vendor-wide ones for staff). */
const notificationsItem: NavItem = { href: "/notifications", label: "Notifications", scoped: false };
const organizationItems: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", scoped: true },
  { href: "/users", label: "Users", scoped: true },
  { href: "/profiles", label: "Profiles", scoped: true },
  { href: "/directory", label: "Directory", scoped: true },
  { href: "/sessions", label: "Sessions", scoped: true },
  { href: "/devices", label: "Devices", scoped: true },
  { href: "/usage", label: "Usage", scoped: true },
  { href: "/audit", label: "Audit", scoped: true },
  { href: "/denials", label: "Denials", scoped: true },
  { href: "/contract", label: "Contract", scoped: true },
  { href: "/team", label: "Team", scoped: true },
];
const vendorItems: NavItem[] = [
  { href: "/organizations", label: "Organizations", scoped: false },
  { href: "/catalogue", label: "Catalogue", scoped: false },
  { href: "/staff", label: "Staff", scoped: false },
  notificationsItem,
];

/**
 * The console's header and navigation around a page, for the signed-in account: the console
 * layout's, and the root not-found page's when someone signed in follows an unknown address.
 */
export function ConsoleChrome({ actor, children }: { actor: AccountActor; children: React.ReactNode }) {
  const groups: NavGroup[] = isVendorStaff(actor)
    ? [
        { label: "Vendor", items: vendorItems },
        { label: "Organization", items: organizationItems },
      ]
    : [{ items: [...organizationItems, notificationsItem] }];
  return (
    <div className="min-h-screen">
      <SkipLink />
      <FocusKeeper />
      <ConsoleHeader email={actor.label} role={actor.role} signOutAction={signOutAction} />
      <div className="mx-auto flex max-w-screen-2xl flex-col gap-6 px-4 py-6 sm:px-6 lg:flex-row">
        <aside className="lg:w-48 lg:shrink-0">
          <Suspense fallback={null}>
            <ConsoleNav groups={groups} />
          </Suspense>
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
          {children}
        </main>
      </div>
    </div>
  );
}
