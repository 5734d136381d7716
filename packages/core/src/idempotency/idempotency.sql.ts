import { char, integer, jsonb, pgTable, primaryKey, varchar } from "drizzle-orm/pg-core";
import { timestamptz } from "../drizzle/types";

/**
 * One row per Idempotency-Key a caller sent: the fingerprint of the request it came with, and
 * once that request succeeded, the answer to replay. A row without an answer is a request in
 * flight until `lockedUntil`; after that it was abandoned and the key may be used again.
 */
export const idempotencyKeyTable = pgTable(
  "idempotency_key",
  {
    ownerSub: varchar("owner_sub", { length: 255 }).notNull(),
    key: varchar("key", { length: 255 }).notNull(),
    fingerprint: char("fingerprint", { length: 64 }).notNull(),
    status: integer("status"),
    response: jsonb("response"),
    lockedUntil: timestamptz("locked_until").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.ownerSub, table.key] })],
);
