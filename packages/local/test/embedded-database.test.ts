import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "../src/database/embedded";
import { acquireLock, DataDirLockedError, lockPath } from "../src/database/lock";

const dirs: string[] = [];
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "promotions-embedded-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function withEmbedded<T>(fn: (db: EmbeddedDatabase) => Promise<T>): Promise<T> {
  const db = await startEmbeddedDatabase({ dataDir: "memory://", port: 0, command: "test" });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe("PGlite served over the PostgreSQL protocol", () => {
  it("runs 200 concurrent transactions from a pool of 10 connections without mixing them up", async () => {
    await withEmbedded(async ({ url }) => {
      const sql = postgres(url, { max: 10, onnotice: () => {} });
      await sql`create table t (n int)`;
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, n) =>
          sql.begin(async (tx) => {
            await tx`insert into t values (${n})`;
            return (await tx`select n from t where n = ${n}`)[0]?.n;
          }),
        ),
      );
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      expect(results.map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual(
        Array.from({ length: 200 }, (_, n) => n),
      );
      expect((await sql`select count(*)::int as count from t`)[0]?.count).toBe(200);
      await sql.end();
    });
  });

  it("rolls back the open transaction of a client that disconnects, and serves the others on", async () => {
    await withEmbedded(async ({ url }) => {
      const other = postgres(url, { max: 1, onnotice: () => {} });
      await other`create table t (n int)`;
      const dropped = postgres(url, { max: 1, onnotice: () => {} });
      const reserved = await dropped.reserve();
      await reserved`begin`;
      await reserved`insert into t values (1)`;
      await dropped.end({ timeout: 0 }); // the socket closes mid-transaction
      await other`insert into t values (2)`;
      expect((await other`select n from t`).map((row) => row.n)).toEqual([2]);
      await other.end();
    });
  });
});

describe("the data directory lock", () => {
  it("stops a second owner with the first one's pid and command", () => {
    const dir = tempDir();
    writeFileSync(
      lockPath(dir),
      JSON.stringify({ pid: process.ppid, command: "npm run dev", startedAt: "2026-11-29T10:00:00.000Z" }),
    );
    expect(() => acquireLock(dir, "npm run seed")).toThrow(DataDirLockedError);
    expect(() => acquireLock(dir, "npm run seed")).toThrow(
      `${dir} is in use by process ${process.ppid} (npm run dev, since 2026-11-29T10:00:00.000Z)`,
    );
  });

  it("takes over a lock whose process is gone, as after a kill -9", () => {
    const dir = tempDir();
    // Far above Linux's pid_max (4,194,304): no process can have it.
    writeFileSync(lockPath(dir), JSON.stringify({ pid: 99_999_999, command: "npm run dev", startedAt: "" }));
    const lock = acquireLock(dir, "npm run seed");
    expect(JSON.parse(readFileSync(lockPath(dir), "utf8"))).toMatchObject({
      pid: process.pid,
      command: "npm run seed",
    });
    lock.release();
  });

  it("takes over a lock file left half-written", () => {
    const dir = tempDir();
    writeFileSync(lockPath(dir), '{"pid":');
    expect(() => acquireLock(dir, "npm run dev").release()).not.toThrow();
  });

  it("removes its lock file on release, so the next process starts at once", () => {
    const dir = tempDir();
    acquireLock(dir, "npm run dev").release();
    expect(() => readFileSync(lockPath(dir))).toThrow(/ENOENT/);
  });

  it("is held while an embedded database is open on the directory, and advertises its URL", async () => {
    const dir = tempDir();
    const db = await startEmbeddedDatabase({ dataDir: dir, port: 0, command: "npm run dev" });
    try {
      expect(JSON.parse(readFileSync(lockPath(dir), "utf8"))).toMatchObject({
        pid: process.pid,
        command: "npm run dev",
        url: db.url,
      });
    } finally {
      await db.close();
    }
    expect(() => readFileSync(lockPath(dir))).toThrow(/ENOENT/);
  });
});
