import { z } from "zod";
import { cleanName } from "./text";

const tokenName = cleanName("The name", 100);

export const apiKeyCreateInput = z.object({ name: tokenName });
export const operatorTokenCreateInput = z.object({ name: tokenName });
export const scimTokenCreateInput = z.object({ name: tokenName });
