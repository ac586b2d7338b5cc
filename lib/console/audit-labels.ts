// The audit log's codes as people read them: "user.create" → "User created", "license_pool" →
// "Licence pool". The codes stay what is stored, filtered on and exported; only the console's
// table and filter choices show the words. No dependencies: client components read it too.

const subjects: Record<string, string> = {
  account: "Staff account",
  activation: "Device activation",
  borrow: "Borrowed seat",
  contract: "Contract",
  invitation: "Invitation",
  module: "Module",
  organization: "Organization",
  password: "Password",
  plan: "Plan",
  pool: "Pool",
  profile: "Profile",
  session: "Session",
  token: "API token",
  user: "User",
  webhook: "Webhook",
};

const verbs: Record<string, string> = {
  accept: "accepted",
  change: "changed",
  close: "closed",
  create: "created",
  delete: "deleted",
  disable: "disabled",
  end: "ended",
  expire: "expired",
  idle: "ended as idle",
  import: "imported",
  lapse: "lapsed",
  open: "opened",
  precedence: "precedence changed",
  redeliver: "redelivered",
  release: "released",
  remove: "removed",
  renew: "renewed",
  reset: "reset",
  return: "returned",
  revoke: "revoked",
  role_change: "role changed",
  update: "changed",
};

const whole: Record<string, string> = {
  refused: "Refused",
  "accessReview.start": "Access review started",
  "accessReview.decide": "Access review decision marked",
  "accessReview.finish": "Access review finished",
  "user.reclaim": "User's unused seat reclaimed",
  "mfa.reset": "Two-step sign-in reset",
  "mfa.requirement.change": "Two-step sign-in requirement changed",
  "mfa.totp.enrol": "Authenticator app added",
  "mfa.totp.remove": "Authenticator app removed",
  "mfa.passkey.register": "Passkey added",
  "mfa.passkey.remove": "Passkey removed",
  "mfa.recovery_codes.regenerate": "Recovery codes made anew",
  "mfa.recovery_code.use": "Recovery code used",
};

const targets: Record<string, string> = {
  access_review: "Access review",
  console_account: "Staff account",
  console_action: "Console action",
  device_activation: "Device activation",
  license_pool: "Licence pool",
  token: "API token",
  webhook_delivery: "Webhook delivery",
  webhook_endpoint: "Webhook",
};

/** "some_code.part" → "Some code part": the words of a code nobody has named yet. */
const words = (code: string) => {
  const text = code.replace(/[._]+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** An action code in words: "user.create" → "User created". */
export function auditActionLabel(action: string): string {
  if (whole[action]) return whole[action];
  const [subject = "", verb = "", ...rest] = action.split(".");
  if (rest.length === 0 && subjects[subject] && verbs[verb]) return `${subjects[subject]} ${verbs[verb]}`;
  return words(action);
}

/** A target type in words: "license_pool" → "Licence pool". */
export function auditTargetLabel(targetType: string): string {
  return targets[targetType] ?? subjects[targetType] ?? words(targetType);
}
