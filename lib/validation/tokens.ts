import { z } from "zod";

const tokenName = z.string().trim().min(1, "The name is required").max(100, "The name is at most 100 characters");

export const apiKeyCreateInput = z.object({ name: tokenName });
export const operatorTokenCreateInput = z.object({ name: tokenName });
