DROP INDEX "users_organization_username_key";--> statement-breakpoint
ALTER TABLE "api_connect_usage" ALTER COLUMN "used" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "username_key" text;--> statement-breakpoint
-- Backfill: the old unique key lower(username) is unique per organization and equals the folded key
-- for ASCII names; db/username-keys.ts refolds the others in JavaScript right after migrating.
UPDATE "users" SET "username_key" = lower("username");--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "username_key" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "users_organization_username_fold_key" ON "users" USING btree ("organization_id","username_key");--> statement-breakpoint
CREATE INDEX "users_organization_username_idx" ON "users" USING btree ("organization_id",lower("username"));
