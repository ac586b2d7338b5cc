"use server";

import { z } from "zod";
import {
  checkSecondFactor,
  confirmTotpEnrolment,
  markSessionVerified,
  regenerateRecoveryCodes,
  registerPasskey,
  removePasskey,
  removeTotp,
} from "@/lib/auth/mfa/factors";
import {
  authenticationResponse,
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  registrationResponse,
} from "@/lib/auth/mfa/passkeys";
import { currentRelyingParty } from "@/lib/auth/mfa/relying-party";
import { setMfaRequirement } from "@/lib/auth/mfa/requirement";
import { auth } from "@/lib/auth/session";
import { consoleAction } from "@/lib/console/action";
import { LicensingError } from "@/lib/licensing/errors";

const SECURITY = "/account/security";
const none = z.object({});

/** The id of this browser's console session: checks of a fresh second factor are bound to it. */
async function sessionId() {
  const id = (await auth())?.sessionId;
  if (!id) throw new LicensingError("FORBIDDEN", "Your session has ended. Sign in again.");
  return id;
}

const json = z
  .string()
  .max(20_000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "The browser's answer could not be read" });
      return z.NEVER;
    }
  });

export const confirmTotpAction = consoleAction(
  {
    input: z.object({ code: z.string().trim().min(1, "Enter the six-digit code").max(20) }),
    permission: "account.self",
    // No revalidation: the set-up page stays as it is to show the recovery codes (the security
    // page is rendered afresh when visited).
    refusalFields: { INVALID: "code" },
  },
  ({ db, actor, input }) => confirmTotpEnrolment(db, actor, input.code),
);

export const removeTotpAction = consoleAction(
  { input: none, permission: "account.self", revalidate: [SECURITY], success: "The authenticator app was removed." },
  async ({ db, actor }) => removeTotp(db, actor, await sessionId()),
);

export const passkeyChallengeAction = consoleAction(
  { input: none, permission: "account.self" },
  async ({ db, actor }) =>
    passkeyRegistrationOptions(db, { id: actor.id, email: actor.label }, await currentRelyingParty(), new Date()),
);

export const registerPasskeyAction = consoleAction(
  {
    input: z.object({
      challengeId: z.string().max(64),
      response: json.pipe(registrationResponse),
      name: z.string().trim().max(60, "At most 60 characters"),
    }),
    permission: "account.self",
    revalidate: [SECURITY],
  },
  async ({ db, actor, input }) => {
    const result = await registerPasskey(
      db,
      actor,
      { challengeId: input.challengeId, response: input.response, name: input.name || "Passkey" },
      await currentRelyingParty(),
    );
    return { recoveryCodes: result.recoveryCodes };
  },
);

export const removePasskeyAction = consoleAction(
  {
    input: z.object({ passkeyId: z.string().uuid() }),
    permission: "account.self",
    revalidate: [SECURITY],
    success: "The passkey was removed.",
  },
  async ({ db, actor, input }) => removePasskey(db, actor, await sessionId(), input.passkeyId),
);

export const regenerateRecoveryCodesAction = consoleAction(
  { input: none, permission: "account.self", revalidate: [SECURITY] },
  async ({ db, actor }) => regenerateRecoveryCodes(db, actor, await sessionId()),
);

/** A challenge for one of your own passkeys, to confirm it's you before a removal. */
export const stepUpChallengeAction = consoleAction({ input: none, permission: "account.self" }, async ({ db, actor }) =>
  passkeyAuthenticationOptions(db, actor.id, await currentRelyingParty(), new Date()),
);

const stepUpInput = z.union([
  z.object({ code: z.string().trim().min(1, "Enter a code").max(40) }),
  z.object({ challengeId: z.string().max(64), response: json.pipe(authenticationResponse) }),
]);

/** Confirms it's you with a second factor now: removals and new recovery codes need it. */
export const stepUpAction = consoleAction(
  { input: stepUpInput, permission: "account.self", revalidate: [SECURITY], refusalFields: { INVALID: "code" } },
  async ({ db, actor, input }) => {
    const account = { id: actor.id, email: actor.label, role: actor.role, organizationId: actor.organizationId };
    const proof =
      "code" in input
        ? /^\d{6}$/.test(input.code.replace(/\s/g, ""))
          ? ({ method: "totp", code: input.code } as const)
          : ({ method: "recovery", code: input.code } as const)
        : ({ method: "passkey", challengeId: input.challengeId, response: input.response } as const);
    const check = await checkSecondFactor(db, account, proof, await currentRelyingParty());
    if (!check.ok && check.reason === "throttled") {
      throw new LicensingError("FORBIDDEN", `Too many attempts. Try again in ${check.retryAfterSeconds} s.`);
    }
    if (!check.ok) throw new LicensingError("INVALID", "That code or passkey was not accepted.");
    await markSessionVerified(db, await sessionId(), actor.id);
  },
);

export const setMfaRequirementAction = consoleAction(
  {
    input: z.object({
      organizationId: z.string().uuid().optional(),
      required: z.enum(["true", "false"]).transform((v) => v === "true"),
    }),
    permission: "mfa.require",
    organizationOf: (input) => input.organizationId ?? null,
    revalidate: [SECURITY, "/organizations"],
  },
  ({ db, actor, input }) =>
    setMfaRequirement(
      db,
      actor,
      input.organizationId ? { kind: "organization", organizationId: input.organizationId } : { kind: "vendor" },
      input.required,
    ),
);
