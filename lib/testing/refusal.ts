import { isLicensingError, type LicensingError } from "@/lib/licensing/errors";

/** The LicensingError a promise rejects with (fails the test when it resolves or throws anything else). */
export async function refusalOf(p: Promise<unknown>): Promise<LicensingError> {
  try {
    await p;
  } catch (e) {
    if (isLicensingError(e)) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}
