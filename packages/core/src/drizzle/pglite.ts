import { mkdirSync, readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import type { Connection, DatabaseConfig } from "./index";

export function connectPglite(config: Extract<DatabaseConfig, { driver: "pglite" }>): Connection {
  if (!config.dataDir.startsWith("memory://")) mkdirSync(config.dataDir, { recursive: true });
  const client = new PGlite(config.dataDir, {
    ...(config.template ? { loadDataDir: new Blob([readFileSync(config.template)]) } : {}),
  });
  return { db: drizzle({ client }), config, close: () => client.close() };
}
