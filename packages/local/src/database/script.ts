import { closeDatabase } from "@promotions/core/drizzle/index";
import { type LocalDatabase, openLocalDatabase, useLocalDatabase } from "./index";
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
  useLocalDatabase(database);
  try {
    await body(database);
  } finally {
    await closeDatabase();
    await database.close();
  }
}
