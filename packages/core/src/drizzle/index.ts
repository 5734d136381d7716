import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { databaseConfig } from "./config";

export type Database = PostgresJsDatabase;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

let current: { db: Database; client: postgres.Sql; prepare: boolean } | undefined;

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
      // Off, postgres.js prepares nothing named, not even its own COMMIT (see DatabaseConfig.prepare).
      prepare: config.prepare,
      // No array columns here: skip the catalog query postgres.js runs on every new connection.
      fetch_types: false,
      // Startup parameters, applied by the server to the whole session: every statement, lock
      // wait and open transaction is bounded even if this process stalls or disappears.
      connection: {
        application_name: "promotions",
        statement_timeout: config.statementTimeoutMs,
        lock_timeout: config.lockTimeoutMs,
        idle_in_transaction_session_timeout: config.idleInTransactionTimeoutMs,
      },
    });
    current = { db: drizzle({ client }), client, prepare: config.prepare };
  }
  return current.db;
}

/** Whether the current pool runs hot reads as prepared statements (DATABASE_PREPARE). */
export function usesPreparedStatements(): boolean {
  database();
  return current?.prepare ?? false;
}

/** Closes the pool, letting running queries finish; the next `database()` call opens a new one. */
export async function closeDatabase(): Promise<void> {
  const closing = current;
  current = undefined;
  await closing?.client.end({ timeout: 5 });
}

/**
 * Drops every connection at once, failing what runs on them: a connection that is stalled, or
 * whose transaction must never reach COMMIT, is not waited for. The next call reconnects.
 */
export function abortConnections(): void {
  const aborting = current;
  current = undefined;
  void aborting?.client.end({ timeout: 0 });
}
