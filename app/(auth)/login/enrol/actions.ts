"use server";

import { z } from "zod";
import { confirmTotpEnrolment, registerPasskey, selfActor } from "@/lib/auth/mfa/factors";
import { passkeyRegistrationOptions, registrationResponse } from "@/lib/auth/mfa/passkeys";
import { markPendingSignInPassed } from "@/lib/auth/mfa/pending";
import { pendingEnrolmentAction } from "@/lib/auth/mfa/pending-action";
import { currentRelyingParty } from "@/lib/auth/mfa/relying-party";
import { SECOND_FACTOR_PROVIDER_ID } from "@/lib/auth/mfa/sign-in-step";
import { LicensingError } from "@/lib/licensing/errors";
import { stepSignIn } from "../step-sign-in";
import type { StepState } from "../verify/actions";

// Enrolment before the first console session: the code (or passkey) that confirms the new factor
// is also this sign-in's second factor, so the pending sign-in is marked passed with it.

export const confirmEnrolTotpAction = pendingEnrolmentAction(
  z.object({ code: z.string().trim().min(1, "Enter the six-digit code").max(20) }),
  async ({ db, pending, input }) => {
    const result = await confirmTotpEnrolment(db, selfActor(pending.account), input.code);
    await markPendingSignInPassed(db, pending.id, new Date());
    return result;
  },
);

export const enrolPasskeyChallengeAction = pendingEnrolmentAction(z.object({}), async ({ db, pending }) =>
  passkeyRegistrationOptions(db, pending.account, await currentRelyingParty(), new Date()),
);

export const enrolPasskeyAction = pendingEnrolmentAction(
  z.object({ challengeId: z.string().max(64), response: z.string().max(20_000), name: z.string().trim().max(60) }),
  async ({ db, pending, input }) => {
    const response = registrationResponse.safeParse(safeJson(input.response));
    if (!response.success)
      throw new LicensingError("INVALID", "The passkey could not be verified, so it was not added.");
    const result = await registerPasskey(
      db,
      selfActor(pending.account),
      { challengeId: input.challengeId, response: response.data, name: input.name || "Passkey" },
      await currentRelyingParty(),
    );
    await markPendingSignInPassed(db, pending.id, new Date());
    return { recoveryCodes: result.recoveryCodes };
  },
);

/** Enrolment done: the pending sign-in becomes a console session. */
export async function finishEnrolmentAction(_previous: StepState, formData: FormData): Promise<StepState> {
  return stepSignIn(
    SECOND_FACTOR_PROVIDER_ID,
    { method: "enrolled" },
    formData.get("callbackUrl"),
    "Finish setting up a second factor first.",
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
