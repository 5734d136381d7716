/**
 * Gives each test file a database of its own, so files run in parallel: a fresh in-memory PGlite,
 * or a fresh PostgreSQL database created on the server DATABASE_URL points at (dropped afterwards).
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";

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
  afterAll(async () => {
    const { closeDatabase } = await import("../../src/drizzle/index");
    await closeDatabase();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DATA_DIR = "memory://";
  process.env.PGLITE_TEMPLATE = inject("pgliteTemplate");
  afterAll(async () => {
    const { closeDatabase } = await import("../../src/drizzle/index");
    await closeDatabase();
  });
}

const { migrate } = await import("../../src/drizzle/migrate");
await migrate();
