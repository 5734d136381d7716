import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DatabaseNotConfiguredError, databaseConfig } from "../src/drizzle/config";

const root = new URL("../../../", import.meta.url).pathname;

/** databaseConfig() in a fresh process: SST's Resource reads the environment once per process. */
function configIn(env: Record<string, string>) {
  const { DATABASE_URL: _, ...inherited } = process.env;
  const out = execFileSync(
    `${root}node_modules/.bin/tsx`,
    [
      "-e",
      'import("./packages/core/src/drizzle/config.ts").then((m) => console.log(JSON.stringify(m.databaseConfig())))',
    ],
    { cwd: root, env: { ...inherited, ...env }, encoding: "utf8" },
  );
  return JSON.parse(out);
}

describe("databaseConfig", () => {
  it("refuses to guess without DATABASE_URL or a linked database, saying how to configure one", () => {
    expect(() => databaseConfig({})).toThrow(DatabaseNotConfiguredError);
    expect(() => databaseConfig({ DATABASE_URL: "" })).toThrow(/set DATABASE_URL/);
  });

  it("uses DATABASE_URL with a pool of 1 and bounds on connecting, statements, lock waits and idle transactions", () => {
    expect(databaseConfig({ DATABASE_URL: "postgres://u@h:5432/d" })).toEqual({
      url: "postgres://u@h:5432/d",
      poolMax: 1,
      connectTimeout: 5,
      statementTimeoutMs: 5_000,
      lockTimeoutMs: 2_000,
      idleInTransactionTimeoutMs: 10_000,
      prepare: true,
    });
  });

  it("takes every bound from its variable, and refuses one that is not a positive number", () => {
    expect(
      databaseConfig({
        DATABASE_URL: "postgres://u@h/d",
        DATABASE_POOL_MAX: "4",
        DATABASE_CONNECT_TIMEOUT: "2",
        DATABASE_STATEMENT_TIMEOUT_MS: "800",
        DATABASE_LOCK_TIMEOUT_MS: "300",
        DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: "1500",
        DATABASE_PREPARE: "false",
      }),
    ).toEqual({
      url: "postgres://u@h/d",
      poolMax: 4,
      connectTimeout: 2,
      statementTimeoutMs: 800,
      lockTimeoutMs: 300,
      idleInTransactionTimeoutMs: 1500,
      prepare: false,
    });
    expect(() =>
      databaseConfig({ DATABASE_URL: "postgres://u@h/d", DATABASE_LOCK_TIMEOUT_MS: "soon" }),
    ).toThrow("DATABASE_LOCK_TIMEOUT_MS must be a positive number, not soon");
    expect(() => databaseConfig({ DATABASE_URL: "postgres://u@h/d", DATABASE_PREPARE: "0" })).toThrow(
      "DATABASE_PREPARE must be true or false, not 0",
    );
  });

  it("prefers the database SST links (AWS, sst dev) over DATABASE_URL", () => {
    const linked = JSON.stringify({
      type: "sst.aws.Postgres",
      host: "db.internal",
      port: 5432,
      username: "postgres",
      password: "p@ss word",
      database: "promotions",
    });
    expect(
      configIn({
        SST_RESOURCE_App: JSON.stringify({ name: "promotions", stage: "test" }),
        SST_RESOURCE_Database: linked,
        DATABASE_URL: "postgres://ignored@h/d",
      }),
    ).toMatchObject({
      url: "postgres://postgres:p%40ss%20word@db.internal:5432/promotions",
    });
  });
});
