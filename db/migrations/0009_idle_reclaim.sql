ALTER TYPE "public"."session_end_reason" ADD VALUE 'idle';--> statement-breakpoint
ALTER TABLE "license_pools" ADD COLUMN "idle_timeout_minutes" integer;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "idle_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "idle_until" timestamp with time zone;