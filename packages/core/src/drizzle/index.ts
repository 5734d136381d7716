import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";

export type Database = PgDatabase<PgQueryResultHKT>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export type DatabaseConfig =
  | { driver: "postgres"; url: string; poolMax: number }
  | { driver: "pglite"; dataDir: string };

/**
 * `DATABASE_URL` selects PostgreSQL through postgres.js; without it the app runs on PGlite, an
 * embedded Postgres, so that nothing has to be installed to develop offline.
 */
export function databaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  if (env.DATABASE_URL) {
    // One connection per Lambda container: each container serves one request at a time.
    return { driver: "postgres", url: env.DATABASE_URL, poolMax: Number(env.DATABASE_POOL_MAX ?? 1) };
  }
  return { driver: "pglite", dataDir: env.PGLITE_DATA_DIR ?? ".data/pglite" };
}

interface Connection {
  db: Database;
  config: DatabaseConfig;
  close(): Promise<void>;
}

function connect(config: DatabaseConfig): Connection {
  if (config.driver === "postgres") {
    const client = postgres(config.url, {
      max: config.poolMax,
      connect_timeout: Number(process.env.DATABASE_CONNECT_TIMEOUT ?? 5),
      idle_timeout: 20,
      onnotice: () => {},
    });
    return { db: drizzlePostgres({ client }), config, close: () => client.end({ timeout: 5 }) };
  }
  if (!config.dataDir.startsWith("memory://")) mkdirSync(config.dataDir, { recursive: true });
  const client = new PGlite(config.dataDir);
  return { db: drizzlePglite({ client }), config, close: () => client.close() };
}

let connection: Connection | undefined;

/** The process-wide database, opened on first use so that importing this module costs nothing. */
export function database(): Database {
  connection ??= connect(databaseConfig());
  return connection.db;
}

export function databaseDriver(): DatabaseConfig["driver"] {
  connection ??= connect(databaseConfig());
  return connection.config.driver;
}

/** Closes the pool (or the embedded database); the next `database()` call opens a new one. */
export async function closeDatabase(): Promise<void> {
  const current = connection;
  connection = undefined;
  await current?.close();
}
