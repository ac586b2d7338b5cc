import { resetEnvForTests } from "@/lib/env";
import { resetMailForTests } from "@/lib/mail/send";

/**
 * Points the process's mail settings at a test's SMTP server (its URL), or turns mail off (null),
 * and drops what the settings were read into, so the next send reads them anew.
 */
export function useMailServer(url: string | null, from = "seatkeeper@vendor.test") {
  if (url) {
    process.env.SEATKEEPER_SMTP_URL = url;
    process.env.SEATKEEPER_MAIL_FROM = from;
  } else {
    delete process.env.SEATKEEPER_SMTP_URL;
    delete process.env.SEATKEEPER_MAIL_FROM;
  }
  resetEnvForTests();
  resetMailForTests();
}
