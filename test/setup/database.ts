/**
 * Gives each test file a database of its own, so files run in parallel: an in-memory PGlite copied
 * from the migrated template and served over the PostgreSQL protocol (as `npm run dev` serves it),
 * or a fresh database on the PostgreSQL server DATABASE_URL points at (dropped afterwards).
 * Either way core reaches it through DATABASE_URL with postgres.js, the driver it uses in AWS.
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { closeDatabase } from "../../packages/core/src/drizzle/index";
import { migrate } from "../../packages/core/src/drizzle/migrate";
import { startEmbeddedDatabase } from "../../packages/local/src/database/embedded";

if (process.env.TEST_DATABASE === "postgres") {
  const serverUrl = process.env.TEST_SERVER_URL ?? process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("The postgres test project needs DATABASE_URL");
  process.env.TEST_SERVER_URL = serverUrl;
  const name = `promotions_test_${randomUUID().replaceAll("-", "")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  await migrate();
  afterAll(async () => {
    await closeDatabase();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });
} else {
  const embedded = await startEmbeddedDatabase({
    dataDir: "memory://",
    port: 0,
    command: "vitest",
    template: inject("pgliteTemplate"),
  });
  process.env.DATABASE_URL = embedded.url;
  afterAll(async () => {
    await closeDatabase();
    await embedded.close();
  });
}
