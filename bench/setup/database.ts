/**
 * The bench's database on a PostgreSQL server: created afresh, migrated and seeded through the
 * app's own code (core's migrate and Promotion.create, as `npm run seed` does, with the tests'
 * helpers for the caller and the input), so its rows are exactly what the API writes.
 */

import postgres from "postgres";
import { postgresLink } from "../../infra/lambda/artifact";
import { closeDatabase } from "../../packages/core/src/drizzle";
import { migrate } from "../../packages/core/src/drizzle/migrate";
import { Promotion } from "../../packages/core/src/promotion";
import { asUser, promotionInput } from "../../test/support/core";
import { postgresAnswers, postgresServerUrl } from "../../test/support/postgres";

export const serverUrl = postgresServerUrl;

/** The caller every bench request is made as; it owns the seeded promotions. */
export const benchUser = "bench";

export interface BenchDatabase {
  url: string;
  /** What sst.aws.Postgres links (its getSSTLink properties), as resource.enc carries it. */
  link: Record<string, string | number>;
  drop(): Promise<void>;
}

const admin = () => postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 3 });

/** Whether the server answers; the database figures need it (Lambda's artifacts speak PostgreSQL only). */
export const serverIsUp = () => postgresAnswers(serverUrl);

/** Migrates the database at `url` and gives the bench user `promotions` promotions, through core. */
export async function seed(url: string, promotions = 50): Promise<void> {
  // Core reads its database from DATABASE_URL on first use; the bench points it here, then lets go.
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  try {
    await migrate();
    await asUser(benchUser, async () => {
      for (let n = 0; n < promotions; n++) {
        await Promotion.create(promotionInput({ title: `Bench promotion ${n}`, code: `BENCH-${n}` }));
      }
    });
  } finally {
    await closeDatabase();
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  }
}

/** Creates the database `name` (dropping any left from an earlier run), migrated, with `promotions` rows. */
export async function benchDatabase(name: string, promotions = 50): Promise<BenchDatabase> {
  const server = admin();
  await server.unsafe(`drop database if exists ${name} with (force)`);
  await server.unsafe(`create database ${name}`);
  await server.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;

  await seed(url.toString(), promotions);

  return {
    url: url.toString(),
    link: postgresLink(url.toString()),
    async drop() {
      const drop = admin();
      await drop.unsafe(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}
