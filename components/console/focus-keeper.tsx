"use client";

import { useEffect } from "react";
import { canFocus, firstFocusable, focusIsLost, focusMain } from "@/components/ui/focus";

/**
 * The safety net under the form hook's focus rule: when the focused element leaves the page
 * (its row re-rendered by a refresh, a Revoke button replaced by "Revoked", the Save bar of a
 * form that is no longer dirty), focus moves to the nearest control still on the page around
 * where it was, else the page's content — never `<body>`.
 */
export function FocusKeeper() {
  useEffect(() => {
    // The focused element and its ancestors, nearest first, as they were when it got focus.
    let around: Element[] = [];
    function onFocusIn(event: FocusEvent) {
      around = [];
      for (let el = event.target instanceof Element ? event.target : null; el; el = el.parentElement) around.push(el);
    }
    const observer = new MutationObserver(() => {
      const [focused, ...ancestors] = around;
      if (!focused || focused.isConnected || !focusIsLost()) return;
      const home = ancestors.find((el) => el.isConnected && el !== document.body);
      const target = home ? firstFocusable(home) : null;
      if (canFocus(target)) target.focus();
      else focusMain();
    });
    document.addEventListener("focusin", onFocusIn);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      document.removeEventListener("focusin", onFocusIn);
      observer.disconnect();
    };
  }, []);
  return null;
}
