ALTER TABLE "organizations" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
-- Rule 20: a contract's end date is inclusive. Ends stored at a UTC midnight came from a date
-- (YYYY-MM-DD, every organization being in UTC until now): that whole day is now in force.
UPDATE "contracts" SET "ends_at" = "ends_at" + interval '1 day' WHERE "ends_at" = date_trunc('day', "ends_at" at time zone 'UTC') at time zone 'UTC';
