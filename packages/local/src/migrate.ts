/** `npm run db:migrate`: applies pending migrations to the configured database, then exits. */
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");
const { closeDatabase, databaseConfig } = await import("@promotions/core/drizzle/index");
const { migrate } = await import("@promotions/core/drizzle/migrate");
await migrate();
await closeDatabase();
console.log(`Migrations applied (${databaseConfig().driver}).`);
