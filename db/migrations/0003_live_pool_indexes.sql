DROP INDEX "sessions_live_pool_idx";--> statement-breakpoint
CREATE INDEX "device_activations_live_pool_idx" ON "device_activations" USING btree ("pool_id","lease_expires_at") WHERE "device_activations"."ended_at" IS NULL;--> statement-breakpoint
CREATE INDEX "sessions_live_pool_idx" ON "sessions" USING btree ("pool_id","expires_at","seats_held") WHERE "sessions"."ended_at" IS NULL;