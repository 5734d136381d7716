import { configDefaults, defineConfig } from "vitest/config";

/**
 * Every test file runs once per database: always on PGlite (served over the PostgreSQL protocol,
 * as `npm run dev` serves it), and on PostgreSQL too when DATABASE_URL is set. The setup file gives
 * each file a database of its own. Files about the offline stack's own embedded database start
 * their processes and databases themselves, and the repository's own checks: they run once.
 */
const databases = ["pglite", ...(process.env.DATABASE_URL ? ["postgres"] : [])];
const once = [
  "packages/local/test/dev.test.ts",
  "packages/local/test/dev-database.test.ts",
  "packages/local/test/embedded-database.test.ts",
  "test/**/*.test.ts",
  "packages/functions/test/faults.test.ts",
  // The browser drives the offline stack, whose database is the embedded one by design.
  "packages/web/test/browser.test.ts",
];

/**
 * The AWS half runs once, in a project of its own: the SST graph tests need no database, and the
 * artifact tests make their own PostgreSQL databases (Lambda's artifacts speak PostgreSQL only).
 */
const aws = ["infra/test/**/*.test.ts", "packages/functions/test/artifact.test.ts", "bench/bench.test.ts"];

export default defineConfig({
  test: {
    projects: [
      ...databases.map((database) => ({
        extends: true,
        test: {
          name: database,
          include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...aws, ...(database === "pglite" ? [] : once)],
          setupFiles: ["test/setup/database.ts"],
          // The fault drill needs the PostgreSQL server itself, whatever database the project gives a file.
          env: {
            TEST_DATABASE: database,
            POSTGRES_SERVER_URL: process.env.DATABASE_URL ?? "",
            LOG_LEVEL: process.env.LOG_LEVEL ?? "SILENT",
          },
        },
      })),
      { extends: true, test: { name: "aws", include: aws, env: { LOG_LEVEL: "SILENT" } } },
    ],
    globalSetup: ["test/setup/pglite-template.ts"],
    // The browser tests poll for what a page shows; on a loaded two-core CI machine a render can
    // take longer than expect.poll's default second.
    expect: { poll: { timeout: 10_000 } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
