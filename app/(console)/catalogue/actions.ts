"use server";

import { z } from "zod";
import { consoleAction } from "@/lib/console/action";
import { createPlan, upsertModule } from "@/lib/licensing/catalogue";
import { createOperatorToken, revokeToken } from "@/lib/licensing/tokens";
import { moduleUpsertInput, planCreateInput } from "@/lib/validation/licensing";
import { operatorTokenCreateInput } from "@/lib/validation/tokens";

export const upsertModuleAction = consoleAction(
  {
    input: moduleUpsertInput,
    permission: "catalogue.manage",
    revalidate: ["/catalogue"],
    success: "Module saved.",
    refusalFields: { CONFLICT: "key" },
  },
  async ({ db, actor, input }) => {
    const { module, created } = await upsertModule(db, actor, input);
    return { id: module.id, created };
  },
);

export const createPlanAction = consoleAction(
  {
    input: planCreateInput,
    permission: "catalogue.manage",
    revalidate: ["/catalogue"],
    success: "Plan created.",
    refusalFields: { CONFLICT: "name" },
  },
  async ({ db, actor, input }) => {
    const plan = await createPlan(db, actor, input);
    return { id: plan.id };
  },
);

export const createOperatorTokenAction = consoleAction(
  {
    input: operatorTokenCreateInput,
    permission: "tokens.manage",
    revalidate: ["/catalogue"],
    success: "Operator token created.",
  },
  async ({ db, actor, input }) => {
    const { token, secret } = await createOperatorToken(db, actor, input.name);
    return { id: token.id, name: token.name, prefix: token.prefix, secret };
  },
);

export const revokeOperatorTokenAction = consoleAction(
  {
    input: z.object({ tokenId: z.string().uuid() }),
    permission: "tokens.manage",
    revalidate: ["/catalogue"],
    success: "Operator token revoked.",
  },
  async ({ db, actor, input }) => {
    const token = await revokeToken(db, actor, input.tokenId);
    return { id: token.id };
  },
);
