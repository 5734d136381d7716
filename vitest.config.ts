import { configDefaults, defineConfig } from "vitest/config";

/**
 * Every test file runs once per database: always on PGlite, and on PostgreSQL too when
 * DATABASE_URL is set. The setup file gives each file a database of its own.
 */
const databases = ["pglite", ...(process.env.DATABASE_URL ? ["postgres"] : [])];

/**
 * The AWS half runs once, in a project of its own: the SST graph tests need no database, and the
 * artifact tests make their own PostgreSQL databases (Lambda's artifacts speak PostgreSQL only).
 */
const aws = ["infra/test/**/*.test.ts", "packages/functions/test/artifact.test.ts"];

export default defineConfig({
  test: {
    projects: [
      ...databases.map((database) => ({
        extends: true,
        test: {
          name: database,
          include: ["packages/*/test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...aws],
          setupFiles: ["packages/core/test/setup/database.ts"],
          env: { TEST_DATABASE: database, POWERTOOLS_LOG_LEVEL: "SILENT" },
        },
      })),
      { extends: true, test: { name: "aws", include: aws, env: { POWERTOOLS_LOG_LEVEL: "SILENT" } } },
    ],
    globalSetup: ["packages/core/test/setup/pglite-template.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
