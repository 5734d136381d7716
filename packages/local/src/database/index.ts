import { linkedDatabaseUrl } from "@promotions/core/drizzle/config";
import { startEmbeddedDatabase } from "./embedded";
import { lockOwner } from "./lock";

export interface LocalDatabase {
  url: string;
  /** For messages: "PostgreSQL (DATABASE_URL)", "PGlite in .data/pglite", … */
  description: string;
  /** PGlite (served by this process or by npm run dev), whose connections share one session. */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Points core at `database` (core reads DATABASE_URL on first use). PGlite serves every
 * connection from one session, which keeps the statements a connection prepared after it closes;
 * postgres.js reconnects after each idle spell, so over a day of `npm run dev` they would pile
 * up: on PGlite, no named prepared statements unless DATABASE_PREPARE says otherwise. (The
 * tests, short-lived, run with them on.)
 */
export function useLocalDatabase(database: Pick<LocalDatabase, "url" | "embedded">, env = process.env) {
  env.DATABASE_URL = database.url;
  if (database.embedded && !env.DATABASE_PREPARE) env.DATABASE_PREPARE = "false";
}

/** The PGlite directory of the offline stack (documented in .env.example). */
export const pgliteDataDir = (env: NodeJS.ProcessEnv = process.env) => env.PGLITE_DATA_DIR || ".data/pglite";

/**
 * The database a script (seed, migrate, drizzle-kit) should use: the one SST links (under
 * `sst shell` or `sst dev`), else DATABASE_URL when set; else the
 * embedded database `npm run dev` is serving; else the PGlite directory opened here, on a free
 * port, for as long as the script runs — never a second copy of a directory another process has open.
 */
export async function openLocalDatabase(command: string, env = process.env): Promise<LocalDatabase> {
  const linked = linkedDatabaseUrl(); // `sst shell -- npm run db:migrate` on a stage's database
  if (linked)
    return {
      url: linked,
      description: "the database SST links (Resource.Database)",
      embedded: false,
      close: async () => {},
    };
  if (env.DATABASE_URL) {
    return {
      url: env.DATABASE_URL,
      description: "PostgreSQL (DATABASE_URL)",
      embedded: false,
      close: async () => {},
    };
  }
  const dataDir = pgliteDataDir(env);
  const owner = lockOwner(dataDir);
  if (owner?.url) {
    return {
      url: owner.url,
      description: `PGlite in ${dataDir}, served by ${owner.command} (pid ${owner.pid}) at ${owner.url}`,
      embedded: true,
      close: async () => {},
    };
  }
  const embedded = await startEmbeddedDatabase({ dataDir, port: 0, command });
  return { ...embedded, description: `PGlite in ${dataDir}`, embedded: true };
}
