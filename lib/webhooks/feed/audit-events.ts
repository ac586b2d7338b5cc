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
      return userSeatEvents(row, modulesOf);
    case "profile.update":
    case "profile.delete":
      return profileSeatEvents(row);
    default:
      return [];
  }
}
