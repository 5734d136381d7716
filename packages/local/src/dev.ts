/**
 * `npm run dev`: the whole app offline: the dev OIDC issuer, the API Gateway emulator in front of
 * the very Lambda handler that runs in AWS, and the database — PGlite in .data/pglite, served over
 * the PostgreSQL protocol on DATABASE_PORT (or PostgreSQL when DATABASE_URL is set) — migrated on start.
 */
import { existsSync } from "node:fs";
import { localConfig } from "./config";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "./database/embedded";
import { pgliteDataDir, useLocalDatabase } from "./database/index";
import { DataDirLockedError } from "./database/lock";
import { PortInUseError } from "./port-in-use";
import { startStack } from "./stack";
import { startWeb } from "./web";

if (existsSync(".env")) process.loadEnvFile(".env");
const config = localConfig();
// Read by the handler's modules when they load, so set before importing them.
process.env.LOG_LEVEL ??= "WARN"; // the gateway already logs one line per request
process.env.AUTH_URL ??= config.issuerUrl; // the API document's sign-in URLs
process.env.DOCS_URL ??= `${config.webOrigin}/docs/`; // where the API's /docs sends readers

function fail(error: unknown): never {
  if (error instanceof PortInUseError || error instanceof DataDirLockedError) {
    console.error(`✖ ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const dataDir = pgliteDataDir();
let embedded: EmbeddedDatabase | undefined;
if (!process.env.DATABASE_URL) {
  embedded = await startEmbeddedDatabase({
    dataDir,
    port: config.databasePort,
    command: "npm run dev",
  }).catch(fail);
  // The handler reaches it like any PostgreSQL: postgres.js over the socket, as in AWS.
  useLocalDatabase({ url: embedded.url, embedded: true });
}

const { migrate } = await import("@promotions/core/drizzle/migrate");
const { closeDatabase } = await import("@promotions/core/drizzle/index");
const { handler } = await import("@promotions/functions/api");

async function closeDatabases() {
  await closeDatabase();
  await embedded?.close(); // PGlite writes everything to its directory on close
}

let stack: Awaited<ReturnType<typeof startStack>>;
let web: Awaited<ReturnType<typeof startWeb>> | undefined;
try {
  await migrate();
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
  await closeDatabases();
  fail(error);
}

const tokenCommand = `curl -s -X POST ${config.issuerUrl}/dev/token -H 'content-type: application/json' -d '{"username":"demo"}'`;
const databaseLine = embedded
  ? `PGlite in ${dataDir}, served at ${embedded.url}   (psql ${embedded.url})`
  : "PostgreSQL (DATABASE_URL)";
console.log(`
Promotions — offline stack
  Web        ${web ? `${web.url}   (sign in with any username)` : "not started (DEV_WEB=false)"}
  API        ${stack.apiUrl}   (reference: ${stack.apiUrl}/docs)
  Issuer     ${stack.issuerUrl}   (sign-in page for the web app; POST /dev/token for scripts)
  Database   ${databaseLine}

Try it:
  TOKEN=$(${tokenCommand} | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).access_token')
  curl -s ${stack.apiUrl}/promotions -H "authorization: Bearer $TOKEN"

Demo data: npm run seed (into this running database). Stop with Ctrl-C (the database is kept).
`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await Promise.all([stack.stop(), web?.stop()]);
  await closeDatabases();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
