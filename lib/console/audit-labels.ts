// The audit log's codes as people read them: "user.create" → "User created", "license_pool" →
// "Licence pool". The codes stay what is stored, filtered on and exported; only the console's
// table and filter choices show the words. No runtime dependencies: client components read it too.

import type { AuditAction } from "@/lib/licensing/audit-actions";

const subjects: Record<string, string> = {
  account: "Staff account",
  activation: "Device activation",
  borrow: "Borrowed seat",
  contract: "Contract",
  invitation: "Invitation",
  module: "Module",
  organization: "Organization",
  plan: "Plan",
  pool: "Pool",
  profile: "Profile",
  session: "Session",
  token: "API token",
  user: "User",
  webhook: "Webhook",
};

// Every action by name: the compiler asks for the words of each new one.
const actions: Record<AuditAction | "refused", string> = {
  refused: "Refused",
  "accessReview.decide": "Access review decision marked",
  "accessReview.finish": "Access review finished",
  "accessReview.start": "Access review started",
  "account.create": "Staff account created",
  "account.remove": "Staff account removed",
  "account.role_change": "Staff account role changed",
  "activation.create": "Device activated",
  "activation.lapse": "Device activation lapsed",
  "activation.release": "Device activation released",
  "activation.renew": "Device activation renewed",
  "activation.revoke": "Device activation revoked",
  "apiKey.create": "API key created",
  "apiKey.revoke": "API key revoked",
  "borrow.create": "Seat borrowed",
  "borrow.expire": "Borrowed seat expired",
  "borrow.return": "Borrowed seat returned",
  "borrow.revoke": "Borrowed seat revoked",
  "contract.create": "Contract created",
  "contract.update": "Contract changed",
  "directoryGroup.create": "Directory group created",
  "directoryGroup.delete": "Directory group deleted",
  "directoryGroup.members": "Directory group members changed",
  "directoryGroup.update": "Directory group changed",
  "invitation.accept": "Invitation accepted",
  "invitation.create": "Invitation sent",
  "invitation.revoke": "Invitation revoked",
  "mfa.passkey.register": "Passkey added",
  "mfa.passkey.remove": "Passkey removed",
  "mfa.recovery_code.use": "Recovery code used",
  "mfa.recovery_codes.regenerate": "Recovery codes made anew",
  "mfa.requirement.change": "Two-step sign-in requirement changed",
  "mfa.reset": "Two-step sign-in reset",
  "mfa.totp.enrol": "Authenticator app added",
  "mfa.totp.remove": "Authenticator app removed",
  "module.create": "Module created",
  "module.rename": "Module renamed",
  "organization.create": "Organization created",
  "organization.update": "Organization changed",
  "password.change": "Password changed",
  "password.reset": "Password reset",
  "password.reset_link": "Password reset link made",
  "password.reset_mail": "Password reset e-mail sent",
  "plan.create": "Plan created",
  "plan.update": "Plan changed",
  "pool.scheduleDecrease": "Decrease scheduled for renewal",
  "pool.scheduledDecreaseApplied": "Scheduled decrease applied",
  "pool.scheduledDecreaseChanged": "Scheduled decrease changed",
  "pool.scheduledDecreaseCancelled": "Scheduled decrease cancelled",
  "pool.scheduledDecreaseRefused": "Scheduled decrease refused",
  "pool.update": "Pool changed",
  "profile.create": "Profile created",
  "profile.delete": "Profile deleted",
  "profile.precedence": "Profile precedence changed",
  "profile.update": "Profile changed",
  "scimToken.create": "SCIM token created",
  "scimToken.revoke": "SCIM token revoked",
  "session.close": "Session closed",
  "session.end": "Session ended",
  "session.expire": "Session expired",
  "session.idle": "Session ended as idle",
  "session.open": "Session opened",
  "session.seatRevoked": "Session ended: seat revoked",
  "token.create": "API token created",
  "token.revoke": "API token revoked",
  "user.bulkUpdate": "Users changed together",
  "user.create": "User created",
  "user.delete": "User deleted",
  "user.import": "Users imported",
  "user.reclaim": "User's unused seat reclaimed",
  "user.update": "User changed",
  "webhook.create": "Webhook created",
  "webhook.delete": "Webhook deleted",
  "webhook.disable": "Webhook disabled",
  "webhook.redeliver": "Webhook redelivered",
  "webhook.update": "Webhook changed",
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

/** "some_code.partName" → "Some code part name": the words of a code nobody has named. */
const words = (code: string) => {
  const text = code
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[._]+/g, " ")
    .trim()
    .toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** An action code in words: "user.create" → "User created"; a code no longer written, by its words. */
export function auditActionLabel(action: string): string {
  return Object.hasOwn(actions, action) ? actions[action as AuditAction] : words(action);
}

/** A target type in words: "license_pool" → "Licence pool". */
export function auditTargetLabel(targetType: string): string {
  return targets[targetType] ?? subjects[targetType] ?? words(targetType);
}
