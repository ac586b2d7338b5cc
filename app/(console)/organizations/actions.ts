"use server";

import { z } from "zod";
import { consoleAction } from "@/lib/console/action";
import { createOrganization } from "@/lib/licensing/catalogue";
import { createContract, updateContract } from "@/lib/licensing/contracts";
import { boundedFromForm } from "@/lib/validation/bounded";
import { moduleKey, organizationCreateInput } from "@/lib/validation/licensing";
import { currencyInput } from "@/lib/validation/money";

// Form data arrives as strings: an empty optional field means "not given".
const optional = (v: unknown) => (v === "" ? undefined : v);
const day = z.iso.date({ message: "Enter a date as YYYY-MM-DD" });

export const createOrganizationAction = consoleAction(
  {
    input: z.object({
      name: organizationCreateInput.shape.name,
      siteId: z.preprocess(optional, organizationCreateInput.shape.siteId),
      timeZone: z.preprocess(optional, organizationCreateInput.shape.timeZone),
    }),
    permission: "catalogue.manage",
    revalidate: ["/organizations"],
    success: "Organization created.",
    refusalFields: { CONFLICT: "siteId" },
  },
  ({ db, actor, input }) => createOrganization(db, actor, input),
);

export const createContractAction = consoleAction(
  {
    input: z.object({
      organizationId: z.string().uuid(),
      plan: z.string().trim().min(1, "Choose a plan"),
      startsAt: z.preprocess(optional, day.optional()),
      endsAt: z.preprocess(optional, day.optional()),
      currency: z.preprocess(optional, currencyInput.optional()),
      /** Each of the plan's pools with its chosen capacity; absent, every pool takes the plan's included capacity. */
      pools: z
        .array(z.object({ module: moduleKey, capacity: boundedFromForm("capacity") }))
        .max(200)
        .optional(),
    }),
    permission: "contracts.manage",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/organizations", "/contract"],
    success: "Contract created from the plan.",
  },
  async ({ db, actor, input }) => {
    const contract = await createContract(db, actor, {
      organizationId: input.organizationId,
      plan: input.plan,
      startsAt: input.startsAt,
      endsAt: input.endsAt ?? null,
      currency: input.currency,
      pools: input.pools,
    });
    return { id: contract.id };
  },
);

export const updateContractAction = consoleAction(
  {
    input: z.object({
      organizationId: z.string().uuid(),
      contractId: z.string().uuid(),
      status: z.preprocess(
        optional,
        z.enum(["active", "suspended"], { message: "The status must be active or suspended" }).optional(),
      ),
      // "" clears the end date (perpetual); absent leaves it as it is.
      endsAt: z.union([z.literal(""), day]).optional(),
    }),
    permission: "contracts.manage",
    organizationOf: (i) => i.organizationId,
    revalidate: ["/organizations", "/contract"],
    success: "Contract updated.",
  },
  async ({ db, actor, input, scope }) => {
    const endsAt = input.endsAt === undefined ? undefined : input.endsAt === "" ? null : input.endsAt;
    const contract = await updateContract(db, actor, input.contractId, { status: input.status, endsAt }, scope);
    return { id: contract.id, status: contract.effectiveStatus, sessionsEnded: contract.sessionsEnded };
  },
);
