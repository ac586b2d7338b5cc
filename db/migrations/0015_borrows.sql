ALTER TYPE "public"."session_end_reason" ADD VALUE 'returned';--> statement-breakpoint
ALTER TYPE "public"."session_end_reason" ADD VALUE 'borrow_expired';--> statement-breakpoint
ALTER TYPE "public"."session_end_reason" ADD VALUE 'borrow_revoked';--> statement-breakpoint
CREATE TABLE "borrows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"hours" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "license_pools" DROP CONSTRAINT "license_pools_held_check";--> statement-breakpoint
ALTER TABLE "license_pools" ADD COLUMN "max_borrow_hours" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "license_pools" ADD COLUMN "borrow_percent" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "license_pools" ADD COLUMN "borrowed_held" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "borrowed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "borrows" ADD CONSTRAINT "borrows_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "borrows" ADD CONSTRAINT "borrows_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "borrows" ADD CONSTRAINT "borrows_pool_id_license_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."license_pools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "borrows" ADD CONSTRAINT "borrows_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "borrows_session_key" ON "borrows" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "borrows_organization_idx" ON "borrows" USING btree ("organization_id","created_at");--> statement-breakpoint
ALTER TABLE "license_pools" ADD CONSTRAINT "license_pools_borrow_check" CHECK ("license_pools"."max_borrow_hours" >= 0 AND "license_pools"."borrow_percent" BETWEEN 0 AND 100);--> statement-breakpoint
ALTER TABLE "license_pools" ADD CONSTRAINT "license_pools_held_check" CHECK ("license_pools"."sessions_held" >= 0 AND "license_pools"."activations_held" >= 0 AND "license_pools"."borrowed_held" >= 0 AND "license_pools"."borrowed_held" <= "license_pools"."sessions_held");