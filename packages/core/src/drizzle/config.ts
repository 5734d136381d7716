import { Resource } from "sst/resource";

/**
 * How core reaches PostgreSQL — in AWS and under `sst dev` the linked database, offline a server
 * or PGlite served over the wire — and the time bounds of every call (documented in .env.example).
 */
export interface DatabaseConfig {
  url: string;
  /** Connections per process: one per Lambda container, which serves one request at a time. */
  poolMax: number;
  /** Seconds to wait for a connection before the request fails as `unavailable`. */
  connectTimeout: number;
  /** Server-side bounds, sent in each connection's startup message (no `SET`, which would pin an RDS Proxy connection). */
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  /**
   * Hot reads as named prepared statements: one round trip instead of two. Off where RDS Proxy
   * sits in front of the database: a session that prepares statements is pinned to one database
   * connection, which defeats the proxy's pooling (infra sets DATABASE_PREPARE=false there).
   */
  prepare: boolean;
}

export class DatabaseNotConfiguredError extends Error {
  override readonly name = "DatabaseNotConfiguredError";
  constructor() {
    super(
      "No database: link one with SST (Resource.Database) or set DATABASE_URL. " +
        "npm run dev, npm run seed and the tests set it to their embedded PGlite server.",
    );
  }
}

/** The database SST links (in AWS, under `sst dev` and `sst shell`), as a connection URL. */
export function linkedDatabaseUrl(): string | undefined {
  if (!("Database" in Resource)) return undefined;
  const { username, password, host, port, database } = Resource.Database;
  return `postgres://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${host}:${port}/${database}`;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, not ${env[name]}`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = env[name];
  if (value === undefined || value === "") return fallback;
  if (value === "true" || value === "false") return value === "true";
  throw new Error(`${name} must be true or false, not ${value}`);
}

/** The linked database wins over DATABASE_URL, so a stale variable never points a deploy elsewhere. */
export function databaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = linkedDatabaseUrl() ?? (env.DATABASE_URL || undefined);
  if (!url) throw new DatabaseNotConfiguredError();
  return {
    url,
    poolMax: positive(env, "DATABASE_POOL_MAX", 1),
    connectTimeout: positive(env, "DATABASE_CONNECT_TIMEOUT", 5),
    statementTimeoutMs: positive(env, "DATABASE_STATEMENT_TIMEOUT_MS", 5_000),
    lockTimeoutMs: positive(env, "DATABASE_LOCK_TIMEOUT_MS", 2_000),
    idleInTransactionTimeoutMs: positive(env, "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS", 10_000),
    prepare: flag(env, "DATABASE_PREPARE", true),
  };
}
