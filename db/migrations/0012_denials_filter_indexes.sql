DROP INDEX "denials_pool_created_idx";--> statement-breakpoint
DROP INDEX "denials_user_created_idx";--> statement-breakpoint
CREATE INDEX "denials_organization_username_created_idx" ON "denials" USING btree ("organization_id",lower("username"),"created_at","id");--> statement-breakpoint
CREATE INDEX "denials_organization_device_created_idx" ON "denials" USING btree ("organization_id","device_id","created_at","id");--> statement-breakpoint
CREATE INDEX "denials_organization_code_created_idx" ON "denials" USING btree ("organization_id","code","created_at","id");--> statement-breakpoint
CREATE INDEX "denials_pool_created_idx" ON "denials" USING btree ("pool_id","created_at","id");--> statement-breakpoint
CREATE INDEX "denials_user_created_idx" ON "denials" USING btree ("user_id","created_at","id");