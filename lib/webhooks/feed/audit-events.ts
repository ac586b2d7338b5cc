import { contractEvents, poolUpdateEvents, scheduledChangeEvents } from "./contract-pool-events";
import type { AuditRow, Draft } from "./draft";
import { profileSeatEvents, userSeatEvents } from "./named-seats";
import { activationSeatEvents, borrowSeatEvents, sessionSeatEvents } from "./seat-events";

/** The events one audit row stands for (none for most: only the changes other systems care about). */
export function eventsOfAudit(row: AuditRow, modulesOf: Map<string, string[]>): Draft[] {
  switch (row.action) {
    case "contract.create":
    case "contract.update":
      return contractEvents(row);
    case "pool.update":
      return poolUpdateEvents(row);
    case "pool.scheduledDecreaseApplied":
    case "pool.scheduledDecreaseRefused":
      return scheduledChangeEvents(row);
    case "session.open":
    case "session.close":
    case "session.end":
    case "session.expire":
      return sessionSeatEvents(row);
    case "borrow.create":
    case "borrow.return":
    case "borrow.revoke":
    case "borrow.expire":
      return borrowSeatEvents(row);
    case "activation.create":
    case "activation.release":
    case "activation.revoke":
    case "activation.lapse":
      return activationSeatEvents(row);
    case "user.create":
    case "user.update":
    case "user.delete":
    case "user.import":
    case "user.bulkUpdate":
    case "user.reclaim":
      return userSeatEvents(row, modulesOf);
    case "profile.update":
    case "profile.delete":
      return profileSeatEvents(row);
    // No event: changes no seat, contract or pool another system hears about.
    case "accessReview.decide":
    case "accessReview.finish":
    case "accessReview.start":
    case "account.create":
    case "account.remove":
    case "account.role_change":
    case "activation.renew":
    case "apiKey.create":
    case "apiKey.revoke":
    case "directoryGroup.create":
    case "directoryGroup.delete":
    case "directoryGroup.members":
    case "directoryGroup.update":
    case "invitation.accept":
    case "invitation.create":
    case "invitation.revoke":
    case "mfa.passkey.register":
    case "mfa.passkey.remove":
    case "mfa.recovery_code.use":
    case "mfa.recovery_codes.regenerate":
    case "mfa.requirement.change":
    case "mfa.reset":
    case "mfa.totp.enrol":
    case "mfa.totp.remove":
    case "module.create":
    case "module.rename":
    case "organization.create":
    case "organization.update":
    case "password.change":
    case "password.reset":
    case "password.reset_link":
    case "password.reset_mail":
    case "plan.create":
    case "plan.update":
    case "pool.scheduleDecrease":
    case "pool.scheduledDecreaseChanged":
    case "pool.scheduledDecreaseCancelled":
    case "profile.create":
    case "profile.precedence":
    case "refused":
    case "scimToken.create":
    case "scimToken.revoke":
    case "session.idle":
    case "session.seatRevoked":
    case "token.create":
    case "token.revoke":
    case "webhook.create":
    case "webhook.delete":
    case "webhook.disable":
    case "webhook.redeliver":
    case "webhook.update":
      return [];
    default:
      return ofAnUnknownAction(row);
  }
}

/** Every action is a case above (the compiler checks it); a row of an action no longer written makes no event. */
function ofAnUnknownAction(row: never): Draft[] {
  void row;
  return [];
}
