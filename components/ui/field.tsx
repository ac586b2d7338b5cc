import { useId, type ComponentProps, type ReactNode } from "react";
import { cx } from "./cx";

const control =
  "block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 disabled:bg-slate-50 disabled:text-slate-500";
const normal = "border-slate-300 focus:border-brand-500";
const invalid = "border-red-400 focus:border-red-500";

type FieldShell = {
  label: ReactNode;
  /** Messages for this field (ActionResult.fieldErrors[name]); the first one is shown. */
  error?: string | string[];
  hint?: ReactNode;
  className?: string;
};

function firstError(error: FieldShell["error"]) {
  return Array.isArray(error) ? error[0] : error;
}

/**
 * Label + control + hint + the error under the field. The ids tie them together so assistive
 * technology reads the label, the hint and the error (aria-invalid, aria-describedby).
 */
function Shell({ id, label, hint, error, className, children }: FieldShell & { id: string; children: ReactNode }) {
  return (
    <div className={cx("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function a11y(id: string, error: string | undefined, hint: ReactNode) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy } as const;
}

export function InputField({
  label,
  error,
  hint,
  className,
  id: givenId,
  ...props
}: FieldShell & ComponentProps<"input">) {
  const autoId = useId();
  const id = givenId ?? autoId;
  const message = firstError(error);
  return (
    <Shell id={id} label={label} hint={hint} error={message} className={className}>
      <input {...props} {...a11y(id, message, hint)} className={cx(control, message ? invalid : normal)} />
    </Shell>
  );
}

export function SelectField({
  label,
  error,
  hint,
  className,
  id: givenId,
  children,
  ...props
}: FieldShell & ComponentProps<"select">) {
  const autoId = useId();
  const id = givenId ?? autoId;
  const message = firstError(error);
  return (
    <Shell id={id} label={label} hint={hint} error={message} className={className}>
      <select {...props} {...a11y(id, message, hint)} className={cx(control, message ? invalid : normal)}>
        {children}
      </select>
    </Shell>
  );
}

/** A checkbox with its label on the right; errors still sit under it. */
export function CheckboxField({
  label,
  error,
  hint,
  className,
  id: givenId,
  ...props
}: FieldShell & Omit<ComponentProps<"input">, "type">) {
  const autoId = useId();
  const id = givenId ?? autoId;
  const message = firstError(error);
  return (
    <div className={cx("space-y-1", className)}>
      <label htmlFor={id} className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          {...props}
          {...a11y(id, message, hint)}
          className="h-4 w-4 rounded border-slate-300 text-brand-600"
        />
        {label}
      </label>
      {hint && !message ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {message ? (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {message}
        </p>
      ) : null}
    </div>
  );
}
