import { join, relative } from "node:path";
import { defineConfig } from "drizzle-kit";
import { linkedDatabaseUrl } from "./src/drizzle/config";

/**
 * drizzle-kit (`db:generate`, `db:migrate`, `db:studio`) for every database of the app:
 * - a deployed stage's, the SST way: `npx sst shell --stage <stage> -- npx drizzle-kit …` links
 *   `Resource.Database` (reach a permanent stage's private RDS with `npx sst tunnel` running);
 * - under `sst dev`, the same link points at your machine's PostgreSQL;
 * - offline, DATABASE_URL (the npm scripts set it to the local database).
 * The linked database wins, as it does for the app (core's drizzle/config.ts).
 */
const url = linkedDatabaseUrl() ?? (process.env.DATABASE_URL || undefined);

/** A path beside this file, as drizzle-kit wants it: relative to the directory it runs in. */
const here = (path: string) => `./${relative(process.cwd(), join(__dirname, path))}`;

export default defineConfig({
  dialect: "postgresql",
  // From any working directory: packages/core (npm run db:generate) or the root (npx sst shell).
  schema: here("src/**/*.sql.ts"),
  out: here("migrations"),
  casing: "snake_case",
  // `generate` needs no database; the commands that do fail with drizzle-kit's own message.
  ...(url ? { dbCredentials: { url } } : {}),
});
