ALTER TABLE "license_pools" ADD COLUMN "reservations" jsonb;--> statement-breakpoint
ALTER TABLE "license_pools" ADD COLUMN "reserved_held" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "reserved_profile_id" uuid;