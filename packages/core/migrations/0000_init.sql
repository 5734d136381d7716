CREATE TABLE "promotion" (
	"id" varchar(30) PRIMARY KEY NOT NULL,
	"owner_sub" varchar(255) NOT NULL,
	"title" varchar(120) NOT NULL,
	"description" varchar(2000) DEFAULT '' NOT NULL,
	"code" varchar(32) NOT NULL,
	"discount_type" text NOT NULL,
	"discount_value" integer NOT NULL,
	"discount_currency" char(3),
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp (3) with time zone,
	"created_by" varchar(255) NOT NULL,
	"updated_by" varchar(255) NOT NULL,
	CONSTRAINT "promotion_window_check" CHECK ("promotion"."starts_at" < "promotion"."ends_at"),
	CONSTRAINT "promotion_discount_check" CHECK (("promotion"."discount_type" = 'percent' and "promotion"."discount_value" between 1 and 100 and "promotion"."discount_currency" is null)
        or ("promotion"."discount_type" = 'amount' and "promotion"."discount_value" > 0 and "promotion"."discount_currency" is not null))
);
--> statement-breakpoint
CREATE INDEX "promotion_owner_id_idx" ON "promotion" USING btree ("owner_sub","id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "promotion_owner_code_key" ON "promotion" USING btree ("owner_sub","code") WHERE "promotion"."archived_at" is null;