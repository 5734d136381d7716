CREATE TABLE "idempotency_key" (
	"owner_sub" varchar(255) NOT NULL,
	"key" varchar(255) NOT NULL,
	"fingerprint" char(64) NOT NULL,
	"status" integer,
	"response" jsonb,
	"locked_until" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "idempotency_key_owner_sub_key_pk" PRIMARY KEY("owner_sub","key")
);
--> statement-breakpoint
ALTER TABLE "promotion" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;