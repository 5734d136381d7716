import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { Resource } from "sst";

export type Database = PgDatabase<PgQueryResultHKT>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export type DatabaseConfig =
  | { driver: "postgres"; url: string; poolMax: number; connectTimeout: number }
  | { driver: "pglite"; dataDir: string; template?: string };

export interface Connection {
  db: Database;
  config: DatabaseConfig;
  close(): Promise<void>;
}

/** The database SST links to the function (in AWS, and under `sst dev`), as a connection URL. */
function linkedDatabaseUrl(): string | undefined {
  if (!("Database" in Resource)) return undefined;
  const { username, password, host, port, database } = Resource.Database;
  return `postgres://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${host}:${port}/${database}`;
}

/**
 * PostgreSQL through postgres.js when SST links a database (AWS, `sst dev`) or DATABASE_URL is
 * set; otherwise PGlite, an embedded Postgres, so that nothing has to be installed offline.
 */
export function databaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = linkedDatabaseUrl() ?? env.DATABASE_URL;
  if (url) {
    return {
      driver: "postgres",
      url,
      // One connection per Lambda container: each container serves one request at a time.
      poolMax: Number(env.DATABASE_POOL_MAX ?? 1),
      connectTimeout: Number(env.DATABASE_CONNECT_TIMEOUT ?? 5),
    };
  }
  return {
    driver: "pglite",
    dataDir: env.PGLITE_DATA_DIR ?? ".data/pglite",
    // A dumpDataDir() tarball that a new database starts from (the tests' migrated template).
    ...(env.PGLITE_TEMPLATE ? { template: env.PGLITE_TEMPLATE } : {}),
  };
}

/** Each driver loads only when chosen: PGlite's WebAssembly never ships in the Lambda bundle. */
async function connect(config: DatabaseConfig): Promise<Connection> {
  if (config.driver === "postgres") return (await import("./postgres")).connectPostgres(config);
  return (await import("./pglite")).connectPglite(config);
}

let connection: Promise<Connection> | undefined;

function current(): Promise<Connection> {
  connection ??= connect(databaseConfig());
  return connection;
}

/** The process-wide database, opened on first use so that importing this module costs nothing. */
export async function database(): Promise<Database> {
  return (await current()).db;
}

export async function databaseDriver(): Promise<DatabaseConfig["driver"]> {
  return (await current()).config.driver;
}

/** Closes the pool (or the embedded database); the next `database()` call opens a new one. */
export async function closeDatabase(): Promise<void> {
  const closing = connection;
  connection = undefined;
  await (await closing)?.close();
}
