CREATE TABLE "access_review_links" (
	"review_id" uuid NOT NULL,
	"manager_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"token_hash" text,
	"expires_at" timestamp with time zone NOT NULL,
	"status" "notification_mail_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_review_links_review_id_manager_id_pk" PRIMARY KEY("review_id","manager_id")
);
--> statement-breakpoint
ALTER TABLE "access_review_items" ADD COLUMN "decider_id" uuid;--> statement-breakpoint
ALTER TABLE "access_review_items" ADD COLUMN "decided_by" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "manager_id" uuid;--> statement-breakpoint
ALTER TABLE "access_review_links" ADD CONSTRAINT "access_review_links_review_id_access_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."access_reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_links" ADD CONSTRAINT "access_review_links_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_links" ADD CONSTRAINT "access_review_links_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_review_links_token_hash_key" ON "access_review_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "access_review_links_due_idx" ON "access_review_links" USING btree ("created_at") WHERE "access_review_links"."status" in ('pending', 'sending');--> statement-breakpoint
ALTER TABLE "access_review_items" ADD CONSTRAINT "access_review_items_decider_id_users_id_fk" FOREIGN KEY ("decider_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "users_manager_idx" ON "users" USING btree ("manager_id") WHERE "users"."manager_id" is not null;