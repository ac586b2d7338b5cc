import { cx } from "./cx";

/**
 * The sentence of a refused action, shown above the form's buttons. role="alert" makes screen
 * readers announce it when it appears; nothing renders when there is no message.
 */
export function FormError({
  message,
  details,
  className,
}: {
  message?: string | null;
  details?: React.ReactNode;
  className?: string;
}) {
  if (!message) return null;
  return (
    <div
      role="alert"
      // Focus moves here after a refusal with no invalid field (the form hook does it).
      tabIndex={-1}
      className={cx(
        "rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 focus:outline-2 focus:outline-offset-2 focus:outline-red-600",
        className,
      )}
    >
      <p>{message}</p>
      {details ? <div className="mt-1 text-red-700">{details}</div> : null}
    </div>
  );
}
