import { fileURLToPath } from "node:url";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { toDatabaseError } from "./error";
import { database, databaseDriver } from "./index";

export const migrationsFolder =
  process.env.MIGRATIONS_DIR ?? fileURLToPath(new URL("../../migrations", import.meta.url));

/** Applies every pending drizzle-kit migration; safe to run again. */
export async function migrate(folder = migrationsFolder): Promise<void> {
  try {
    const db = await database();
    // The migrators are per driver but do the same thing; the casts pick the matching one.
    if ((await databaseDriver()) === "postgres") {
      await migratePostgres(db as PostgresJsDatabase, { migrationsFolder: folder });
    } else {
      await migratePglite(db as PgliteDatabase, { migrationsFolder: folder });
    }
  } catch (error) {
    throw toDatabaseError(error);
  }
}
