/**
 * Where focus may land when the element that had it is gone or disabled: never `<body>`, which
 * leaves keyboard and screen-reader users at the top of the page with no idea what happened.
 */

const focusableSelector = [
  "a[href]",
  "button:not([disabled])",
  "input:not([disabled]):not([type=hidden])",
  "select:not([disabled])",
  "textarea:not([disabled])",
  '[tabindex]:not([tabindex="-1"])',
].join(",");

/** True when the element is still on the page and can take focus. */
export function canFocus(element: Element | null | undefined): element is HTMLElement {
  return element instanceof HTMLElement && element.isConnected && !element.matches(":disabled");
}

/** The first element inside `root` a keyboard user could reach, if any. */
export function firstFocusable(root: Element): HTMLElement | null {
  return root.querySelector<HTMLElement>(focusableSelector);
}

/** The page's content, the last resort (it has tabIndex -1 for this). */
export function focusMain() {
  document.getElementById("main")?.focus({ preventScroll: true });
}

/** Focus is nowhere a person can act from. */
export const focusIsLost = () => document.activeElement === null || document.activeElement === document.body;

/**
 * The form the person acted in: the element acted from's form, dialog, or the nearest element
 * marked `data-action-form` (a bar of buttons with its FormError).
 */
export const formOf = (origin: Element | null) => origin?.closest("form, [role=dialog], [data-action-form]") ?? null;

/**
 * After a refusal: the first invalid field, else the refusal sentence (role="alert"), in the
 * form acted in; else the element acted from.
 */
export function focusRefusal(origin: Element | null) {
  const form = formOf(origin);
  const target =
    form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('[role="alert"]');
  if (target) return target.focus();
  if (canFocus(origin)) return origin.focus();
  if (focusIsLost()) focusMain();
}

/**
 * After success: the given element (e.g. what replaces the control that was used), else leave
 * focus where it is when it is somewhere (a closing dialog returns it to its opener), else the
 * element the person acted from, else the page's content.
 */
export function focusAfterSuccess(preferred: Element | null, origin: Element | null) {
  if (canFocus(preferred)) return preferred.focus();
  if (!focusIsLost()) return;
  if (canFocus(origin)) return origin.focus();
  focusMain();
}
