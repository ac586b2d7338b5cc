ALTER TABLE "profile_modules" ADD COLUMN "granted_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "seat_granted_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Existing rows: the best grant time known is the user's last change (what rule 5 read until now);
-- a profile's modules count from the profile's creation, so the user's time decides for them.
UPDATE "users" SET "seat_granted_at" = "updated_at";--> statement-breakpoint
UPDATE "profile_modules" SET "granted_at" = "profiles"."created_at" FROM "profiles" WHERE "profiles"."id" = "profile_modules"."profile_id";
