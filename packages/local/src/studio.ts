/**
 * `npm run db:studio`: drizzle-kit studio on the local database — the one `npm run dev` serves
 * while it runs, else the PGlite directory opened here until Ctrl-C, or DATABASE_URL.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { withLocalDatabase } from "./database/script";

if (existsSync(".env")) process.loadEnvFile(".env");
await withLocalDatabase("npm run db:studio", async (database) => {
  console.log(`drizzle-kit studio on ${database.description}`);
  const port = process.env.STUDIO_PORT ?? "4983";
  const args = ["drizzle-kit", "studio", "--config", "packages/core/drizzle.config.ts", "--port", port];
  const studio = spawn("npx", args, {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: database.url },
  });
  const stop = () => studio.kill("SIGINT");
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await new Promise((resolve) => studio.once("exit", resolve));
});
