import { sql } from "drizzle-orm";
import { char, check, index, integer, pgTable, text, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { id, timestamps, timestamptz } from "../drizzle/types";

export const promotionTable = pgTable(
  "promotion",
  {
    id: id("id").primaryKey(),
    ownerSub: varchar("owner_sub", { length: 255 }).notNull(),
    title: varchar("title", { length: 120 }).notNull(),
    description: varchar("description", { length: 2000 }).notNull().default(""),
    code: varchar("code", { length: 32 }).notNull(),
    discountType: text("discount_type", { enum: ["percent", "amount"] }).notNull(),
    discountValue: integer("discount_value").notNull(),
    discountCurrency: char("discount_currency", { length: 3 }),
    startsAt: timestamptz("starts_at").notNull(),
    endsAt: timestamptz("ends_at").notNull(),
    ...timestamps,
    /** Bumped by every change: the promotion's ETag, for optimistic concurrency (If-Match). */
    version: integer("version").notNull().default(1),
    createdBy: varchar("created_by", { length: 255 }).notNull(),
    updatedBy: varchar("updated_by", { length: 255 }).notNull(),
  },
  (table) => [
    // The owner's list, newest first: ids are ULIDs, so id order is creation order.
    index("promotion_owner_id_idx").on(table.ownerSub, table.id.desc()),
    // A code may be reused once the promotion holding it is archived.
    uniqueIndex("promotion_owner_code_key")
      .on(table.ownerSub, table.code)
      .where(sql`${table.archivedAt} is null`),
    check("promotion_window_check", sql`${table.startsAt} < ${table.endsAt}`),
    check(
      "promotion_discount_check",
      sql`(${table.discountType} = 'percent' and ${table.discountValue} between 1 and 100 and ${table.discountCurrency} is null)
        or (${table.discountType} = 'amount' and ${table.discountValue} > 0 and ${table.discountCurrency} is not null)`,
    ),
  ],
);

export type PromotionRow = typeof promotionTable.$inferSelect;
