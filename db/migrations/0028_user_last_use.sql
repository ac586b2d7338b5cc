CREATE TABLE "user_module_last_use" (
	"user_id" uuid NOT NULL,
	"module_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"last_used_at" timestamp with time zone NOT NULL,
	CONSTRAINT "user_module_last_use_user_id_module_id_pk" PRIMARY KEY("user_id","module_id")
);
--> statement-breakpoint
ALTER TABLE "user_module_last_use" ADD CONSTRAINT "user_module_last_use_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_module_last_use" ADD CONSTRAINT "user_module_last_use_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_module_last_use" ADD CONSTRAINT "user_module_last_use_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_module_last_use_organization_idx" ON "user_module_last_use" USING btree ("organization_id","user_id","last_used_at");