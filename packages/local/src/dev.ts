/**
 * `npm run dev`: the whole app offline: the dev OIDC issuer, the API Gateway emulator in front of
 * the very Lambda handler that runs in AWS, and the database (PGlite in .data/pglite, or
 * PostgreSQL when DATABASE_URL is set), migrated on start.
 */
import { existsSync } from "node:fs";
import { localConfig } from "./config";
import { PortInUseError, startStack } from "./stack";
import { startWeb } from "./web";

if (existsSync(".env")) process.loadEnvFile(".env");
const config = localConfig();
// Read by the handler's modules when they load, so set before importing them.
process.env.CORS_ORIGINS ??= config.corsOrigins.join(",");
process.env.POWERTOOLS_LOG_LEVEL ??= "WARN"; // the gateway already logs one line per request

const { migrate } = await import("@promotions/core/drizzle/migrate");
const { closeDatabase, databaseConfig } = await import("@promotions/core/drizzle/index");
const { handler } = await import("@promotions/functions/api");

const database = databaseConfig();
await migrate();

let stack: Awaited<ReturnType<typeof startStack>>;
let web: Awaited<ReturnType<typeof startWeb>> | undefined;
try {
  stack = await startStack({
    config,
    handler: handler as never,
    log: (line) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`),
  });
  try {
    if (process.env.DEV_WEB !== "false") web = await startWeb(config, stack);
  } catch (error) {
    await stack.stop();
    throw error;
  }
} catch (error) {
  await closeDatabase();
  if (error instanceof PortInUseError) {
    console.error(`✖ ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const tokenCommand = `curl -s -X POST ${config.issuerUrl}/dev/token -H 'content-type: application/json' -d '{"username":"demo"}'`;
console.log(`
Promotions — offline stack
  Web        ${web ? `${web.url}   (sign in with any username)` : "not started (DEV_WEB=false)"}
  API        ${stack.apiUrl}   (reference: ${stack.apiUrl}/docs)
  Issuer     ${stack.issuerUrl}   (sign-in page for the web app; POST /dev/token for scripts)
  Database   ${database.driver === "pglite" ? `PGlite in ${database.dataDir}` : "PostgreSQL (DATABASE_URL)"}

Try it:
  TOKEN=$(${tokenCommand} | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).access_token')
  curl -s ${stack.apiUrl}/promotions -H "authorization: Bearer $TOKEN"

Demo data: npm run seed. Stop with Ctrl-C (the database is kept).
`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await Promise.all([stack.stop(), web?.stop()]);
  await closeDatabase(); // PGlite writes everything to disk on close
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
