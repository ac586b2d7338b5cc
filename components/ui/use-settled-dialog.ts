"use client";

import { useRef, useState } from "react";

/**
 * A dialog whose form sends a change to the server. Escape (or Cancel) while the change is on its
 * way is not lost: the dialog closes once the server has answered, so what the person saw before
 * pressing it is what happened. `onOpen` resets the form each time the dialog opens; `settle`
 * runs after each answer (the form's result, empty when refused) and closes the dialog when the
 * change went through or a close waited.
 */
export function useSettledDialog(pending: boolean, onOpen: () => void) {
  const [open, setOpen] = useState(false);
  const closeWhenSettled = useRef(false);

  function onOpenChange(next: boolean) {
    if (pending) {
      if (!next) closeWhenSettled.current = true;
      return;
    }
    closeWhenSettled.current = false;
    setOpen(next);
    if (next) onOpen();
  }

  function settle(done: unknown) {
    if (done || closeWhenSettled.current) setOpen(false);
    closeWhenSettled.current = false;
  }

  return { open, onOpenChange, settle };
}
