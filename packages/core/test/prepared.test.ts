import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { asUser, promotionInput } from "../../../test/support/core";
import { closeDatabase, database } from "../src/drizzle";
import { Promotion } from "../src/promotion";

/** The SQL of every named prepared statement the server holds (PGlite's is one shared session). */
async function preparedStatements(): Promise<Set<string>> {
  const rows = await database().execute<{ statement: string }>(
    sql`select name || ': ' || statement as statement from pg_prepared_statements order by prepare_time`,
  );
  return new Set(rows.map((row) => row.statement));
}

/** The statements a new pool prepares while Ada writes a promotion and reads it back twice. */
async function preparedByReads() {
  await closeDatabase();
  const before = await preparedStatements();
  const created = await asUser("ada", () => Promotion.create(promotionInput()));
  const fetched = await asUser("ada", () => Promotion.get(created.id));
  const page = await asUser("ada", () => Promotion.list({ limit: 5 }));
  expect(fetched).toEqual(created);
  expect(page.data.map((p) => p.id)).toContain(created.id);
  return [...(await preparedStatements())].filter((statement) => !before.has(statement));
}

afterEach(async () => {
  vi.unstubAllEnvs();
  await closeDatabase();
});

describe("hot reads", () => {
  it("run as named prepared statements by default: a promotion by id, a page of the list", async () => {
    const prepared = await preparedByReads();
    expect(prepared.filter((statement) => / from "promotion" /.test(statement))).toEqual([
      expect.stringMatching(/where \("promotion"\."id" = \$1 and "promotion"\."owner_sub" = \$2\)$/),
      expect.stringMatching(/order by "promotion"\."id" desc limit \$\d+$/),
    ]);
  });

  it("prepare nothing named with DATABASE_PREPARE=false, so RDS Proxy never pins the session", async () => {
    vi.stubEnv("DATABASE_PREPARE", "false");
    expect(await preparedByReads()).toEqual([]);
  });
});
