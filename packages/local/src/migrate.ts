/** `npm run db:migrate`: applies pending migrations to the local database, then exits. */
import { existsSync } from "node:fs";
import { migrate } from "@promotions/core/drizzle/migrate";
import { withLocalDatabase } from "./database/script";

if (existsSync(".env")) process.loadEnvFile(".env");
await withLocalDatabase("npm run db:migrate", async (database) => {
  await migrate();
  console.log(`Migrations applied to ${database.description}.`);
});
