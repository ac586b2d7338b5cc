import { z } from "zod";

export const roles = ["operator", "support", "owner", "admin"] as const;

export const accountCreateInput = z
  .object({
    email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
    password: z.string().min(12, "The password must be at least 12 characters").max(200),
    role: z.enum(roles, { message: "The role must be operator, support, owner or admin" }),
    organizationId: z.string().uuid("The organization must be an organization id").optional(),
    name: z.string().trim().max(120).optional(),
  })
  .refine((a) => (a.role === "owner" || a.role === "admin") === Boolean(a.organizationId), {
    message: "Owners and admins belong to one organization (give its id); operators and support staff to none",
    path: ["organizationId"],
  });

export type AccountCreateInput = z.infer<typeof accountCreateInput>;

export const signInInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter your email address"),
  password: z.string().min(1, "Enter your password").max(200),
});
