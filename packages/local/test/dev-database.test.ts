import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { freePort } from "../../../test/support/core";
import {
  curlOf,
  devEnv,
  listCodes,
  ownerPid,
  SEEDED,
  seed,
  startDev,
  startStudio,
  stopped,
} from "../../../test/support/dev";

describe("the embedded database under npm run dev", () => {
  it("takes npm run seed's rows at once, shows them at the printed psql URL and in npm run db:studio, and keeps them after a restart", async () => {
    const env = await devEnv("seeded");
    const dev = await startDev(env);
    const curl = curlOf(dev.output());
    const url = `postgres://postgres@127.0.0.1:${env.DATABASE_PORT}/postgres`;
    expect(dev.output()).toContain(`(psql ${url})`);
    try {
      const { stdout } = await seed(env);
      expect(stdout).toContain(
        `Seeded 4 promotion(s) for user "demo" (0 already there) in PGlite in ${env.PGLITE_DATA_DIR}, served by npm run dev`,
      );
      expect(listCodes(curl)).toEqual(SEEDED);
      const sql = postgres(url, { max: 1, onnotice: () => {} });
      const rows = await sql`select code from promotion order by code`;
      // Neither the handler nor the seed left named statements in PGlite's one shared session
      // (unsafe: an unnamed statement, so that this query does not list itself).
      const kept = await sql.unsafe(
        `select statement from pg_prepared_statements where statement like '%"promotion"%'`,
      );
      await sql.end();
      expect(rows.map((row) => row.code)).toEqual(SEEDED);
      expect(kept).toEqual([]);

      const studioPort = String(await freePort());
      const studio = await startStudio({ ...env, STUDIO_PORT: studioPort });
      try {
        expect(studio.output).toContain(
          `drizzle-kit studio on PGlite in ${env.PGLITE_DATA_DIR}, served by npm run dev`,
        );
        const init = await fetch(`http://127.0.0.1:${studioPort}/`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ type: "init" }),
        });
        expect(init.status).toBe(200);
        expect(await init.json()).toMatchObject({ dialect: "postgresql", packageName: "postgres" });
      } finally {
        process.kill(-(studio.child.pid as number), "SIGINT");
        await stopped(studio.child);
      }
      expect(listCodes(curl)).toEqual(SEEDED); // the dev database lives on
    } finally {
      dev.child.kill("SIGINT");
      expect(await stopped(dev.child)).toBe(0);
    }
    const again = await startDev(env);
    try {
      expect(listCodes(curl)).toEqual(SEEDED);
    } finally {
      again.child.kill("SIGINT");
      await stopped(again.child);
    }
  }, 120_000);

  it("stops a second npm run dev on the same directory with the owner's pid, exit code 1, and the data untouched", async () => {
    const env = await devEnv("owned");
    await seed(env); // with dev not running, the seed opens the directory itself, then lets go
    const owner = await startDev(env);
    try {
      const second = await startDev({
        ...env,
        ...(await devEnv("owned")),
        PGLITE_DATA_DIR: env.PGLITE_DATA_DIR,
      }).then(
        () => undefined,
        (e: Error & { code: number }) => e,
      );
      expect(second?.code).toBe(1);
      expect(second?.message).toContain(
        `✖ ${env.PGLITE_DATA_DIR} is in use by process ${ownerPid(env)} (npm run dev, since`,
      );
      expect(listCodes(curlOf(owner.output()))).toEqual(SEEDED);
    } finally {
      owner.child.kill("SIGINT");
      await stopped(owner.child);
    }
  }, 120_000);

  it("starts again after a kill -9, taking over the stale lock, with every committed row", async () => {
    const env = await devEnv("killed");
    const first = await startDev(env);
    const curl = curlOf(first.output());
    await seed(env);
    process.kill(ownerPid(env), "SIGKILL");
    await stopped(first.child);
    const second = await startDev(env);
    try {
      expect(listCodes(curl)).toEqual(SEEDED);
    } finally {
      second.child.kill("SIGINT");
      await stopped(second.child);
    }
  }, 120_000);
});
