CREATE TABLE "instance_leases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_leader" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" uuid NOT NULL,
	"holder_pid" integer NOT NULL,
	"holder_since" timestamp with time zone NOT NULL,
	"generation" bigint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "session_waiters" ADD COLUMN "instance_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "job_leader_generation_key" ON "job_leader" USING btree ("generation");