import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { asUser, promotionInput } from "../../../test/support/core";
import { closeDatabase, database } from "../src/drizzle";
import { Promotion } from "../src/promotion";

/**
 * The SQL of every named prepared statement the session holds. On PostgreSQL that is the pool's
 * one connection (pinned to one below); PGlite serves every connection from one shared session.
 */
async function preparedStatements(): Promise<Set<string>> {
  const rows = await database().execute<{ statement: string }>(
    sql`select name || ': ' || statement as statement from pg_prepared_statements`,
  );
  return new Set(rows.map((row) => row.statement));
}

/** The statements a new pool prepares while Ada writes a promotion and reads it back three ways. */
async function preparedByReads() {
  await closeDatabase();
  const before = await preparedStatements();
  const created = await asUser("ada", () => Promotion.create(promotionInput()));
  expect(await asUser("ada", () => Promotion.get(created.id))).toEqual(created);
  // The default list needs no time; `active` compares with now, sent as a placeholder's value.
  for (const status of [undefined, "active"] as const) {
    const page = await asUser("ada", () => Promotion.list({ limit: 5, status }));
    expect(page.data.map((p) => p.id)).toContain(created.id);
  }
  return [...(await preparedStatements())].filter((statement) => !before.has(statement)).sort();
}

beforeEach(() => {
  vi.stubEnv("DATABASE_POOL_MAX", "1");
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await closeDatabase();
});

describe("hot reads", () => {
  it("run as prepared statements by default: a promotion by id, each shape of list page", async () => {
    const prepared = await preparedByReads();
    const reads = prepared.filter((statement) => / from "promotion" /.test(statement));
    expect(reads).toHaveLength(3);
    expect(reads).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/where \("promotion"\."id" = \$1 and "promotion"\."owner_sub" = \$2\)$/),
        expect.stringMatching(
          /"promotion"\."archived_at" is null\) order by "promotion"\."id" desc limit \$2$/,
        ),
        expect.stringMatching(
          /"promotion"\."ends_at" > \$\d+\)\) order by "promotion"\."id" desc limit \$\d+$/,
        ),
      ]),
    );
  });

  it("prepare nothing named with DATABASE_PREPARE=false, so RDS Proxy never pins the session", async () => {
    vi.stubEnv("DATABASE_PREPARE", "false");
    expect(await preparedByReads()).toEqual([]);
  });
});
