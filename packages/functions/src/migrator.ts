import { migrate } from "@promotions/core/drizzle/migrate";
import { logger } from "./logger";

/** Applies pending migrations; run by the deploy (infra/database.ts), never by API requests. */
export async function handler(): Promise<{ migrated: true }> {
  const started = performance.now();
  await migrate();
  logger.info("migrations applied", { durationMs: Math.round(performance.now() - started) });
  return { migrated: true };
}
