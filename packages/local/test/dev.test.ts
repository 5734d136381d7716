import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../../test/support/core";

const root = new URL("../../../", import.meta.url).pathname;
const tsx = join(root, "node_modules/.bin/tsx");
const dataDir = mkdtempSync(join(tmpdir(), "promotions-dev-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The environment of one `npm run dev` setup: its own ports and PGlite directory, no DATABASE_URL. */
async function devEnv(name: string, overrides: Record<string, string> = {}) {
  return {
    API_PORT: String(await freePort()),
    ISSUER_PORT: String(await freePort()),
    WEB_PORT: String(await freePort()),
    DATABASE_PORT: String(await freePort()),
    DATABASE_URL: "",
    LOCAL_DATA_DIR: dataDir,
    PGLITE_DATA_DIR: join(dataDir, name),
    DEV_WEB: "false",
    ...overrides,
  };
}

/** Starts `npm run dev`'s program and resolves with its output once it printed the curl lines. */
function startDev(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(tsx, ["packages/local/src/dev.ts"], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Stop with Ctrl-C")) resolve({ child, output: () => output });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) =>
      reject(Object.assign(new Error(`dev exited with ${code}:\n${output}`), { code })),
    );
  });
}

/** The process that holds the PGlite directory: node, below the tsx wrapper this test spawned. */
const ownerPid = (env: Record<string, string>) =>
  (JSON.parse(readFileSync(join(env.PGLITE_DATA_DIR as string, "owner.lock"), "utf8")) as { pid: number })
    .pid;

const stopped = (child: ChildProcess) => new Promise((resolve) => child.once("exit", resolve));

/** The two `curl` lines the banner prints, as one shell script. */
const curlOf = (output: string) =>
  output
    .split("\n")
    .filter((line) => line.startsWith("  TOKEN=") || line.startsWith("  curl "))
    .join("\n");

const listCodes = (curl: string) =>
  (JSON.parse(execFileSync("bash", ["-c", curl], { encoding: "utf8" })).data as { code: string }[])
    .map((p) => p.code)
    .sort();

const seed = (env: Record<string, string>) =>
  promisify(execFile)(tsx, ["packages/local/src/seed.ts"], { cwd: root, env: { ...process.env, ...env } });

const SEEDED = ["BF-2026", "SHIPFREE", "WELCOME-10", "WINTER-25"];

/** `npm run db:studio`'s program, resolved with its output once drizzle-kit studio listens. */
function startStudio(env: Record<string, string>): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(tsx, ["packages/local/src/studio.ts"], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: stopping it stops drizzle-kit too
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Drizzle Studio is up")) resolve({ child, output });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`studio exited with ${code}:\n${output}`)));
  });
}

describe("npm run dev", () => {
  it("prints a curl that works, and keeps the data across a Ctrl-C restart", async () => {
    const env = await devEnv("restart", { DEV_WEB: "true" });
    const first = await startDev(env);
    const curl = curlOf(first.output());
    expect(curl).toContain(`http://localhost:${env.API_PORT}/promotions`);
    expect(JSON.parse(execFileSync("bash", ["-c", curl], { encoding: "utf8" }))).toEqual({
      data: [],
      nextCursor: null,
    });

    const create = curl.replace(
      /curl -s (\S+\/promotions) /,
      `curl -s -X POST $1 -H 'content-type: application/json' -d '{"title":"Kept","code":"KEPT-1","discount":{"type":"percent","value":5},"startsAt":"2026-01-01T00:00:00Z","endsAt":"2030-01-01T00:00:00Z"}' `,
    );
    expect(JSON.parse(execFileSync("bash", ["-c", create], { encoding: "utf8" }))).toMatchObject({
      code: "KEPT-1",
    });

    first.child.kill("SIGINT");
    expect(await stopped(first.child)).toBe(0);

    const second = await startDev(env);
    try {
      expect(listCodes(curl)).toEqual(["KEPT-1"]);
    } finally {
      second.child.kill("SIGINT");
      await stopped(second.child);
    }
  }, 120_000);

  it("says which variable to change when a port is taken", async () => {
    const blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      for (const variable of ["API_PORT", "DATABASE_PORT"]) {
        const error = await startDev(await devEnv(`taken-${variable}`, { [variable]: String(taken) })).then(
          () => undefined,
          (e: Error) => e,
        );
        expect(error?.message).toContain(
          `Port ${taken} is taken: stop what uses it, or set ${variable} to another port in .env`,
        );
      }
    } finally {
      blocker.close();
    }
  }, 120_000);
});

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
      await sql.end();
      expect(rows.map((row) => row.code)).toEqual(SEEDED);

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
