import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { databaseConfig } from "./config";

export type Database = PostgresJsDatabase;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

let current: { db: Database; close(): Promise<void> } | undefined;

/**
 * The process-wide database: postgres.js everywhere (AWS, `sst dev`, offline, tests), so the code
 * that ships is the code that is tested. postgres.js connects on the first query, so creating the
 * pool here costs nothing until it is used.
 */
export function database(): Database {
  if (!current) {
    const config = databaseConfig();
    const client = postgres(config.url, {
      max: config.poolMax,
      connect_timeout: config.connectTimeout,
      idle_timeout: 20,
      onnotice: () => {},
    });
    current = { db: drizzle({ client }), close: () => client.end({ timeout: 5 }) };
  }
  return current.db;
}

/** Closes the pool; the next `database()` call opens a new one (with the configuration of then). */
export async function closeDatabase(): Promise<void> {
  const closing = current;
  current = undefined;
  await closing?.close();
}
