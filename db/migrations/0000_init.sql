CREATE TYPE "public"."account_role" AS ENUM('operator', 'support', 'owner', 'admin');--> statement-breakpoint
CREATE TYPE "public"."activation_end_reason" AS ENUM('revoked', 'lapsed');--> statement-breakpoint
CREATE TYPE "public"."actor_type" AS ENUM('account', 'token', 'system');--> statement-breakpoint
CREATE TYPE "public"."client_type" AS ENUM('desktop', 'web', 'mobile', 'api', 'integration');--> statement-breakpoint
CREATE TYPE "public"."contract_status" AS ENUM('active', 'suspended', 'expired');--> statement-breakpoint
CREATE TYPE "public"."credential_state" AS ENUM('none', 'issued', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."denial_kind" AS ENUM('session', 'activation', 'api_connect', 'seat', 'capacity');--> statement-breakpoint
CREATE TYPE "public"."device_platform" AS ENUM('mobile', 'desktop', 'server');--> statement-breakpoint
CREATE TYPE "public"."pool_model" AS ENUM('named', 'concurrent');--> statement-breakpoint
CREATE TYPE "public"."session_end_reason" AS ENUM('closed', 'expired', 'ended_by_admin', 'contract_inactive');--> statement-breakpoint
CREATE TYPE "public"."token_kind" AS ENUM('contract_api_key', 'operator');--> statement-breakpoint
CREATE TYPE "public"."user_status" AS ENUM('active', 'inactive');--> statement-breakpoint
CREATE TABLE "api_connect_usage" (
	"organization_id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"period" date NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "api_connect_usage_pool_id_period_pk" PRIMARY KEY("pool_id","period"),
	CONSTRAINT "api_connect_usage_used_check" CHECK ("api_connect_usage"."used" >= 0)
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" uuid,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"before" jsonb,
	"after" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "console_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"password_hash" text NOT NULL,
	"role" "account_role" NOT NULL,
	"organization_id" uuid,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"last_failed_login_at" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "console_accounts_role_organization_check" CHECK (("console_accounts"."role" IN ('owner', 'admin')) = ("console_accounts"."organization_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"plan_id" uuid,
	"starts_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ends_at" timestamp with time zone,
	"status" "contract_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "denials" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "denials_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" uuid NOT NULL,
	"contract_id" uuid,
	"pool_id" uuid,
	"module_id" uuid,
	"kind" "denial_kind" NOT NULL,
	"code" text NOT NULL,
	"message" text NOT NULL,
	"user_id" uuid,
	"username" text,
	"device_id" text,
	"actor" text NOT NULL,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_activations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"user_id" uuid,
	"fingerprint" text NOT NULL,
	"platform" "device_platform" NOT NULL,
	"name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" "activation_end_reason"
);
--> statement-breakpoint
CREATE TABLE "license_pools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"module_id" uuid NOT NULL,
	"model" "pool_model" NOT NULL,
	"capacity" integer NOT NULL,
	"min_capacity" integer DEFAULT 0 NOT NULL,
	"max_capacity" integer,
	"overage_percent" integer DEFAULT 0 NOT NULL,
	"activations_per_license" integer DEFAULT 0 NOT NULL,
	"extra_activations" integer DEFAULT 0 NOT NULL,
	"api_connects_per_license" integer DEFAULT 0 NOT NULL,
	"extra_api_connects" integer DEFAULT 0 NOT NULL,
	"heartbeat_seconds" integer DEFAULT 120 NOT NULL,
	"lease_days" integer DEFAULT 7 NOT NULL,
	"warning_threshold_percent" integer DEFAULT 90 NOT NULL,
	"sessions_held" integer DEFAULT 0 NOT NULL,
	"activations_held" integer DEFAULT 0 NOT NULL,
	"scheduled_capacity" integer,
	"scheduled_capacity_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "license_pools_capacity_check" CHECK ("license_pools"."capacity" >= 0),
	CONSTRAINT "license_pools_bounds_check" CHECK ("license_pools"."min_capacity" >= 0 AND ("license_pools"."max_capacity" IS NULL OR "license_pools"."max_capacity" >= "license_pools"."min_capacity")),
	CONSTRAINT "license_pools_allowances_check" CHECK ("license_pools"."overage_percent" >= 0 AND "license_pools"."activations_per_license" >= 0 AND "license_pools"."extra_activations" >= 0 AND "license_pools"."api_connects_per_license" >= 0 AND "license_pools"."extra_api_connects" >= 0 AND "license_pools"."heartbeat_seconds" > 0 AND "license_pools"."lease_days" > 0 AND "license_pools"."warning_threshold_percent" BETWEEN 1 AND 100),
	CONSTRAINT "license_pools_held_check" CHECK ("license_pools"."sessions_held" >= 0 AND "license_pools"."activations_held" >= 0)
);
--> statement-breakpoint
CREATE TABLE "modules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"site_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_modules" (
	"plan_id" uuid NOT NULL,
	"module_id" uuid NOT NULL,
	"model" "pool_model" NOT NULL,
	"included_capacity" integer NOT NULL,
	"max_capacity" integer,
	"activations_per_license" integer DEFAULT 0 NOT NULL,
	"api_connects_per_license" integer DEFAULT 0 NOT NULL,
	"heartbeat_seconds" integer DEFAULT 120 NOT NULL,
	"lease_days" integer DEFAULT 7 NOT NULL,
	CONSTRAINT "plan_modules_plan_id_module_id_pk" PRIMARY KEY("plan_id","module_id"),
	CONSTRAINT "plan_modules_capacity_check" CHECK ("plan_modules"."included_capacity" >= 0 AND ("plan_modules"."max_capacity" IS NULL OR "plan_modules"."max_capacity" >= "plan_modules"."included_capacity"))
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "profile_modules" (
	"organization_id" uuid NOT NULL,
	"profile_id" uuid NOT NULL,
	"module_id" uuid NOT NULL,
	CONSTRAINT "profile_modules_profile_id_module_id_pk" PRIMARY KEY("profile_id","module_id")
);
--> statement-breakpoint
CREATE TABLE "profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"user_id" uuid,
	"client_type" "client_type" NOT NULL,
	"device_id" text NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"seats_held" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" "session_end_reason",
	CONSTRAINT "sessions_weight_check" CHECK ("sessions"."weight" >= 1 AND "sessions"."seats_held" >= 0)
);
--> statement-breakpoint
CREATE TABLE "tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "token_kind" NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"organization_id" uuid,
	"contract_id" uuid,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "tokens_kind_contract_check" CHECK (("tokens"."kind" = 'contract_api_key') = ("tokens"."contract_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "usage_samples" (
	"organization_id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"peak_in_use" integer NOT NULL,
	"avg_in_use" real NOT NULL,
	"activations" integer DEFAULT 0 NOT NULL,
	"denials" integer DEFAULT 0 NOT NULL,
	"samples" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "usage_samples_pool_id_bucket_pk" PRIMARY KEY("pool_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"username" text NOT NULL,
	"email" text NOT NULL,
	"status" "user_status" DEFAULT 'active' NOT NULL,
	"credentials" "credential_state" DEFAULT 'none' NOT NULL,
	"valid_to" date,
	"profile_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_connect_usage" ADD CONSTRAINT "api_connect_usage_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_connect_usage" ADD CONSTRAINT "api_connect_usage_pool_id_license_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."license_pools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "console_accounts" ADD CONSTRAINT "console_accounts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "denials" ADD CONSTRAINT "denials_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_activations" ADD CONSTRAINT "device_activations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_activations" ADD CONSTRAINT "device_activations_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_activations" ADD CONSTRAINT "device_activations_pool_id_license_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."license_pools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_activations" ADD CONSTRAINT "device_activations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_pools" ADD CONSTRAINT "license_pools_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_pools" ADD CONSTRAINT "license_pools_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_pools" ADD CONSTRAINT "license_pools_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_modules" ADD CONSTRAINT "plan_modules_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_modules" ADD CONSTRAINT "plan_modules_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_modules" ADD CONSTRAINT "profile_modules_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_modules" ADD CONSTRAINT "profile_modules_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_modules" ADD CONSTRAINT "profile_modules_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiles" ADD CONSTRAINT "profiles_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_pool_id_license_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."license_pools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_samples" ADD CONSTRAINT "usage_samples_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_samples" ADD CONSTRAINT "usage_samples_pool_id_license_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."license_pools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_organization_created_idx" ON "audit_events" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_created_idx" ON "audit_events" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "console_accounts_email_key" ON "console_accounts" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "contracts_organization_idx" ON "contracts" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "denials_organization_created_idx" ON "denials" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "denials_pool_created_idx" ON "denials" USING btree ("pool_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "device_activations_live_fingerprint_key" ON "device_activations" USING btree ("pool_id","fingerprint") WHERE "device_activations"."ended_at" IS NULL;--> statement-breakpoint
CREATE INDEX "device_activations_organization_idx" ON "device_activations" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "device_activations_user_idx" ON "device_activations" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "license_pools_contract_module_key" ON "license_pools" USING btree ("contract_id","module_id");--> statement-breakpoint
CREATE INDEX "license_pools_organization_idx" ON "license_pools" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "modules_key_key" ON "modules" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_site_id_key" ON "organizations" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "organizations_name_idx" ON "organizations" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "plans_name_key" ON "plans" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "profile_modules_module_idx" ON "profile_modules" USING btree ("organization_id","module_id");--> statement-breakpoint
CREATE UNIQUE INDEX "profiles_organization_name_key" ON "profiles" USING btree ("organization_id",lower("name"));--> statement-breakpoint
CREATE INDEX "sessions_live_pool_idx" ON "sessions" USING btree ("pool_id","expires_at") WHERE "sessions"."ended_at" IS NULL;--> statement-breakpoint
CREATE INDEX "sessions_live_organization_idx" ON "sessions" USING btree ("organization_id","created_at") WHERE "sessions"."ended_at" IS NULL;--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_secret_hash_key" ON "tokens" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "tokens_contract_idx" ON "tokens" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "usage_samples_organization_bucket_idx" ON "usage_samples" USING btree ("organization_id","bucket");--> statement-breakpoint
CREATE UNIQUE INDEX "users_organization_username_key" ON "users" USING btree ("organization_id",lower("username"));--> statement-breakpoint
CREATE INDEX "users_organization_profile_idx" ON "users" USING btree ("organization_id","profile_id");--> statement-breakpoint
CREATE INDEX "users_organization_email_idx" ON "users" USING btree ("organization_id",lower("email"));