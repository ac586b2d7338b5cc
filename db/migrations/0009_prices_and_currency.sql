ALTER TABLE "contracts" ADD COLUMN "currency" text;--> statement-breakpoint
ALTER TABLE "license_pools" ADD COLUMN "price_per_license" integer;--> statement-breakpoint
ALTER TABLE "plan_modules" ADD COLUMN "price_per_license" integer;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "currency" text;--> statement-breakpoint
ALTER TABLE "license_pools" ADD CONSTRAINT "license_pools_price_check" CHECK ("license_pools"."price_per_license" IS NULL OR "license_pools"."price_per_license" >= 0);--> statement-breakpoint
ALTER TABLE "plan_modules" ADD CONSTRAINT "plan_modules_price_check" CHECK ("plan_modules"."price_per_license" IS NULL OR "plan_modules"."price_per_license" >= 0);