ALTER TYPE "public"."session_end_reason" ADD VALUE 'idle';--> statement-breakpoint
CREATE TABLE "session_waiters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "session_waiters_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"device_id" text NOT NULL,
	"username" text,
	"enqueued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "license_pools" ADD COLUMN "idle_timeout_minutes" integer;--> statement-breakpoint
ALTER TABLE "license_pools" ADD COLUMN "reservations" jsonb;--> statement-breakpoint
ALTER TABLE "license_pools" ADD COLUMN "reserved_held" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "license_pools" ADD COLUMN "waiters" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "idle_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "idle_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "reserved_profile_id" uuid;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "queue_seq" bigint;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "waited_ms" integer;--> statement-breakpoint
ALTER TABLE "session_waiters" ADD CONSTRAINT "session_waiters_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_waiters" ADD CONSTRAINT "session_waiters_pool_id_license_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."license_pools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_waiters_pool_idx" ON "session_waiters" USING btree ("pool_id","seq");