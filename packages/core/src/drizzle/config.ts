import { Resource } from "sst";

/** How core reaches PostgreSQL: in AWS and under `sst dev`, and offline (a server, or PGlite served over the wire). */
export interface DatabaseConfig {
  url: string;
  /** Connections per process: one per Lambda container, which serves one request at a time. */
  poolMax: number;
  /** Seconds to wait for a connection before the request fails as `unavailable`. */
  connectTimeout: number;
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

/** The database SST links to the function (in AWS, and under `sst dev`), as a connection URL. */
function linkedDatabaseUrl(): string | undefined {
  if (!("Database" in Resource)) return undefined;
  const { username, password, host, port, database } = Resource.Database;
  return `postgres://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${host}:${port}/${database}`;
}

/** The linked database wins over DATABASE_URL, so a stale variable never points a deploy elsewhere. */
export function databaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = linkedDatabaseUrl() ?? (env.DATABASE_URL || undefined);
  if (!url) throw new DatabaseNotConfiguredError();
  return {
    url,
    poolMax: Number(env.DATABASE_POOL_MAX ?? 1),
    connectTimeout: Number(env.DATABASE_CONNECT_TIMEOUT ?? 5),
  };
}
