import { fileURLToPath } from "node:url";
import { migrate as migrateDatabase } from "drizzle-orm/postgres-js/migrator";
import { toDatabaseError } from "./error";
import { database } from "./index";

export const migrationsFolder =
  process.env.MIGRATIONS_DIR ?? fileURLToPath(new URL("../../migrations", import.meta.url));

/** Applies every pending drizzle-kit migration; safe to run again. */
export async function migrate(folder = migrationsFolder): Promise<void> {
  try {
    await migrateDatabase(database(), { migrationsFolder: folder });
  } catch (error) {
    throw toDatabaseError(error);
  }
}
