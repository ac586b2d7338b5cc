CREATE TYPE "public"."offline_file_kind" AS ENUM('activation', 'renewal', 'release');--> statement-breakpoint
CREATE TABLE "offline_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"activation_id" uuid,
	"device_key_thumbprint" text NOT NULL,
	"nonce" text NOT NULL,
	"kind" "offline_file_kind" NOT NULL,
	"digest" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "device_activations" ADD COLUMN "device_key" jsonb;--> statement-breakpoint
ALTER TABLE "device_activations" ADD COLUMN "device_key_thumbprint" text;--> statement-breakpoint
ALTER TABLE "offline_files" ADD CONSTRAINT "offline_files_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offline_files" ADD CONSTRAINT "offline_files_activation_id_device_activations_id_fk" FOREIGN KEY ("activation_id") REFERENCES "public"."device_activations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "offline_files_key_nonce_key" ON "offline_files" USING btree ("device_key_thumbprint","nonce");--> statement-breakpoint
CREATE INDEX "offline_files_activation_idx" ON "offline_files" USING btree ("activation_id");