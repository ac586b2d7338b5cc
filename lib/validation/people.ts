import { z } from "zod";
import { cleanName } from "./text";

const email = cleanName("The email address", 254).toLowerCase().pipe(z.email("Enter a valid email address"));

/** An invitation to an organization (the management API and the console). */
export const invitationCreateInput = z.object({
  email,
  role: z.enum(["owner", "admin"], { message: "The role must be owner or admin" }),
});

/** The password a person chooses when accepting an invitation or using a reset link. */
export const newPasswordInput = z
  .object({
    password: z.string().min(1, "Choose a password").max(200, "The password is at most 200 characters"),
    confirm: z.string(),
  })
  .refine((p) => p.password === p.confirm, { message: "The two passwords are not the same", path: ["confirm"] });

export const passwordChangeInput = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(200),
    newPassword: z.string().min(1, "Choose a new password").max(200, "The password is at most 200 characters"),
    confirm: z.string(),
  })
  .refine((p) => p.newPassword === p.confirm, { message: "The two passwords are not the same", path: ["confirm"] });

export const forgotPasswordInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter your email address"),
});
