CREATE TABLE "usage_daily" (
	"organization_id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"peak_in_use" integer NOT NULL,
	"in_use_sum" double precision NOT NULL,
	"samples" integer NOT NULL,
	"at_limit" boolean NOT NULL,
	CONSTRAINT "usage_daily_pool_id_day_pk" PRIMARY KEY("pool_id","day")
);
--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_pool_id_license_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."license_pools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_daily_organization_day_idx" ON "usage_daily" USING btree ("organization_id","day");--> statement-breakpoint
-- The days already sampled, rolled up once; from now on the sampler keeps them.
INSERT INTO "usage_daily" ("organization_id", "pool_id", "day", "capacity", "peak_in_use", "in_use_sum", "samples", "at_limit")
SELECT "organization_id", "pool_id", date_trunc('day', "bucket" at time zone 'UTC') at time zone 'UTC', max("capacity"), max("peak_in_use"),
       sum("avg_in_use" * "samples"), sum("samples"), bool_or("peak_in_use" >= "capacity" and "capacity" > 0)
  FROM "usage_samples"
 GROUP BY 1, 2, 3;
