"use client";

import { signOutEverywhereAction } from "@/app/(console)/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";

/**
 * Signing out on every browser and device is asked first: it also ends this browser's session and
 * those of anyone else using the account. A plain form post, so the redirect to sign-in follows.
 */
export function SignOutEverywhere() {
  return (
    <Dialog
      trigger={<Button variant="secondary">Sign out everywhere…</Button>}
      title="Sign out everywhere?"
      size="sm"
      footer={
        <>
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <form action={signOutEverywhereAction}>
            <Button type="submit" variant="danger">
              Sign out everywhere
            </Button>
          </form>
        </>
      }
    >
      <p className="text-sm text-slate-700">
        Every browser and device signed in to this account is signed out at once, this one included.
      </p>
    </Dialog>
  );
}
