DROP INDEX "denials_organization_created_idx";--> statement-breakpoint
ALTER TABLE "denials" ADD COLUMN "client_type" "client_type";--> statement-breakpoint
CREATE INDEX "denials_user_created_idx" ON "denials" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "denials_created_idx" ON "denials" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "denials_organization_created_idx" ON "denials" USING btree ("organization_id","created_at","id");