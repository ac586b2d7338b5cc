"use server";

import { z } from "zod";
import { consoleAction } from "@/lib/console/action";
import { contractBelongsTo } from "@/lib/console/contract-queries";
import { cancelScheduledDecrease, scheduleCapacityDecrease, updatePool } from "@/lib/licensing/contracts";
import { LicensingError } from "@/lib/licensing/errors";
import { createApiKey, revokeToken } from "@/lib/licensing/tokens";
import { boundedFromForm } from "@/lib/validation/bounded";
import { moduleKey } from "@/lib/validation/licensing";
import { poolSettingsFormInput } from "@/lib/validation/pool-settings";
import { apiKeyCreateInput } from "@/lib/validation/tokens";

const poolTarget = {
  organizationId: z.string().uuid(),
  contractId: z.string().uuid(),
  module: moduleKey,
};
const capacity = boundedFromForm("capacity");

export const changeCapacityAction = consoleAction(
  {
    input: z.object({ ...poolTarget, capacity }),
    permission: "capacity.change",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/contract"],
    success: "Capacity changed.",
    refusalFields: { CAPACITY_OUT_OF_BOUNDS: "capacity" },
  },
  ({ db, actor, input, scope }) =>
    updatePool(db, actor, input.contractId, input.module, { capacity: input.capacity }, scope),
);

export const scheduleDecreaseAction = consoleAction(
  {
    input: z.object({ ...poolTarget, capacity }),
    permission: "capacity.change",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/contract"],
    success: "Decrease scheduled for the renewal date.",
    refusalFields: { CAPACITY_OUT_OF_BOUNDS: "capacity" },
  },
  ({ db, actor, input, scope }) =>
    scheduleCapacityDecrease(db, actor, input.contractId, input.module, input.capacity, scope),
);

export const changeScheduledDecreaseAction = consoleAction(
  {
    input: z.object({ ...poolTarget, capacity }),
    permission: "capacity.change",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/contract"],
    success: "Scheduled decrease changed.",
    refusalFields: { CAPACITY_OUT_OF_BOUNDS: "capacity", INVALID: "capacity" },
  },
  async ({ db, actor, input, scope }) => {
    const pool = await scheduleCapacityDecrease(db, actor, input.contractId, input.module, input.capacity, scope);
    return { scheduledCapacity: pool.scheduledCapacity };
  },
);

export const cancelScheduledDecreaseAction = consoleAction(
  {
    input: z.object(poolTarget),
    permission: "capacity.change",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/contract"],
    success: "Scheduled decrease cancelled: the capacity stays at renewal.",
  },
  async ({ db, actor, input, scope }) => {
    const pool = await cancelScheduledDecrease(db, actor, input.contractId, input.module, scope);
    return { capacity: pool.capacity };
  },
);

export const updatePoolSettingsAction = consoleAction(
  {
    input: poolSettingsFormInput.extend(poolTarget),
    permission: "capacity.change",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/contract"],
    success: "Pool settings saved.",
  },
  async ({ db, actor, input, scope }) => {
    const { organizationId, contractId, module, reservations, ...settings } = input;
    void organizationId;
    // An empty list removes the reservations (the engine stores null).
    await updatePool(db, actor, contractId, module, { ...settings, reservations }, scope);
    return { module };
  },
);

/** A named pool's auto-reclaim: days unused before credentials are revoked; empty turns it off. */
export const updateAutoReclaimAction = consoleAction(
  {
    input: z.object({
      ...poolTarget,
      autoReclaimDays: z.preprocess(
        (v) => (v === "" || v === undefined ? null : v),
        boundedFromForm("autoReclaimDays").nullable(),
      ),
    }),
    permission: "capacity.change",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/contract"],
    success: "Auto-reclaim saved.",
    refusalFields: { INVALID: "autoReclaimDays", VALUE_OUT_OF_RANGE: "autoReclaimDays" },
  },
  async ({ db, actor, input, scope }) => {
    const pool = await updatePool(
      db,
      actor,
      input.contractId,
      input.module,
      { autoReclaimDays: input.autoReclaimDays },
      scope,
    );
    return { autoReclaimDays: pool.autoReclaimDays };
  },
);

export const createApiKeyAction = consoleAction(
  {
    input: apiKeyCreateInput.extend({ organizationId: z.string().uuid(), contractId: z.string().uuid() }),
    permission: "apiKeys.manage",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/contract"],
    success: "API key created.",
  },
  async ({ db, actor, input }) => {
    // createApiKey takes no tenancy scope: a contract of another organization answers not-found.
    if (!(await contractBelongsTo(db, input.contractId, input.organizationId)))
      throw new LicensingError("NOT_FOUND", "That contract was not found.");
    const { apiKey, secret } = await createApiKey(db, actor, input.contractId, input.name);
    return { id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix, secret };
  },
);

export const revokeApiKeyAction = consoleAction(
  {
    input: z.object({ organizationId: z.string().uuid(), tokenId: z.string().uuid() }),
    permission: "apiKeys.manage",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/contract"],
    success: "API key revoked.",
  },
  async ({ db, actor, input }) => {
    const token = await revokeToken(db, actor, input.tokenId, input.organizationId);
    return { id: token.id };
  },
);
