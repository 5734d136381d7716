import { timestamp, varchar } from "drizzle-orm/pg-core";

/** Prefixed ULIDs (`prm_01J…`): 4 + 26 characters, sortable by creation time. */
export const id = (name: string) => varchar(name, { length: 30 });

export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const timestamps = {
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  archivedAt: timestamptz("archived_at"),
};
