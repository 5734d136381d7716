import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Connection, DatabaseConfig } from "./index";

export function connectPostgres(config: Extract<DatabaseConfig, { driver: "postgres" }>): Connection {
  const client = postgres(config.url, {
    max: config.poolMax,
    connect_timeout: config.connectTimeout,
    idle_timeout: 20,
    onnotice: () => {},
  });
  return { db: drizzle({ client }), config, close: () => client.end({ timeout: 5 }) };
}
