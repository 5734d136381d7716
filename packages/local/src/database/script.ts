import { closeDatabase } from "@promotions/core/drizzle/index";
import { type LocalDatabase, openLocalDatabase } from "./index";
import { DataDirLockedError } from "./lock";

/**
 * Runs a script's body against the local database (see `openLocalDatabase`), pointing core at it
 * through DATABASE_URL, and closes everything afterwards. A directory another process is opening
 * ends the script with that process's name and exit code 1, the data untouched.
 */
export async function withLocalDatabase(command: string, body: (database: LocalDatabase) => Promise<void>) {
  let database: LocalDatabase;
  try {
    database = await openLocalDatabase(command);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    console.error(`✖ ${error.message}`);
    process.exit(1);
  }
  process.env.DATABASE_URL = database.url;
  // As npm run dev does (dev.ts): PGlite's one shared session would keep every named statement.
  if (database.embedded && !process.env.DATABASE_PREPARE) process.env.DATABASE_PREPARE = "false";
  try {
    await body(database);
  } finally {
    await closeDatabase();
    await database.close();
  }
}
