/**
 * Driving `npm run dev`, `npm run seed` and `npm run db:studio` as a developer does: each in its
 * own process, on free ports and a PGlite directory of its own (removed after the test file).
 */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll } from "vitest";
import { freePort } from "./core";

const root = new URL("../../", import.meta.url).pathname;
const tsx = join(root, "node_modules/.bin/tsx");
const dataDir = mkdtempSync(join(tmpdir(), "promotions-dev-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The environment of one `npm run dev` setup: its own ports and PGlite directory, no DATABASE_URL. */
export async function devEnv(name: string, overrides: Record<string, string> = {}) {
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
export function startDev(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; output: () => string }> {
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
export const ownerPid = (env: Record<string, string>) =>
  (JSON.parse(readFileSync(join(env.PGLITE_DATA_DIR as string, "owner.lock"), "utf8")) as { pid: number })
    .pid;

export const stopped = (child: ChildProcess) => new Promise((resolve) => child.once("exit", resolve));

/** The two `curl` lines the banner prints, as one shell script. */
export const curlOf = (output: string) =>
  output
    .split("\n")
    .filter((line) => line.startsWith("  TOKEN=") || line.startsWith("  curl "))
    .join("\n");

export const listCodes = (curl: string) =>
  (JSON.parse(execFileSync("bash", ["-c", curl], { encoding: "utf8" })).data as { code: string }[])
    .map((p) => p.code)
    .sort();

export const seed = (env: Record<string, string>) =>
  promisify(execFile)(tsx, ["packages/local/src/seed.ts"], { cwd: root, env: { ...process.env, ...env } });

export const SEEDED = ["BF-2026", "SHIPFREE", "WELCOME-10", "WINTER-25"];

/** `npm run db:studio`'s program, resolved with its output once drizzle-kit studio listens. */
export function startStudio(env: Record<string, string>): Promise<{ child: ChildProcess; output: string }> {
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
