"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { isLicensingError } from "@/lib/licensing/errors";
import { decideByReviewLink } from "@/lib/licensing/review-links";

const decisionInput = z.object({ userId: z.string().uuid(), decision: z.enum(["keep", "remove"]) });

/**
 * A manager's keep or remove through their review link: the token is the authority (no console
 * session), and a server action's post is refused by Next.js unless it comes from this origin.
 * A refusal (the review finished or the link expired meanwhile) shows as the page's new state.
 */
export async function decideByReviewLinkAction(token: string, form: FormData): Promise<void> {
  const parsed = decisionInput.safeParse({ userId: form.get("userId"), decision: form.get("decision") });
  if (parsed.success) {
    try {
      await decideByReviewLink(getDb(), token, parsed.data.userId, parsed.data.decision);
    } catch (e) {
      if (!isLicensingError(e)) throw e;
    }
  }
  revalidatePath(`/review-link/${token}`);
}
