import { z } from "zod";
import { cleanName } from "./text";

/** Any characters a person can type, but no NUL or lone surrogates (rule 23). */
const password = z
  .string()
  .max(200, "The password is at most 200 characters")
  .refine((p) => !/[\0\p{Cs}]/u.test(p), "The password contains a character that can't be typed");

export const roles = ["operator", "support", "owner", "admin"] as const;

export const accountCreateInput = z
  .object({
    email: cleanName("The email address", 254).toLowerCase().pipe(z.email("Enter a valid email address")),
    password: password.min(12, "The password must be at least 12 characters"),
    role: z.enum(roles, { message: "The role must be operator, support, owner or admin" }),
    organizationId: z.string().uuid("The organization must be an organization id").optional(),
    name: cleanName("The name", 120, 0).optional(),
  })
  .refine((a) => (a.role === "owner" || a.role === "admin") === Boolean(a.organizationId), {
    message: "Owners and admins belong to one organization (give its id); operators and support staff to none",
    path: ["organizationId"],
  });

export type AccountCreateInput = z.infer<typeof accountCreateInput>;

export const signInInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter your email address"),
  password: password.min(1, "Enter your password"),
});
