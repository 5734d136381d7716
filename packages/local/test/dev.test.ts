import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./support";

const root = new URL("../../../", import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), "promotions-dev-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts `npm run dev`'s program and resolves with its output once it printed the curl lines. */
function startDev(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(join(root, "node_modules/.bin/tsx"), ["packages/local/src/dev.ts"], {
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
    child.on("exit", (code) => reject(new Error(`dev exited with ${code}:\n${output}`)));
  });
}

const stopped = (child: ChildProcess) => new Promise((resolve) => child.once("exit", resolve));

describe("npm run dev", () => {
  it("prints a curl that works, and keeps the data across a Ctrl-C restart", async () => {
    const env = {
      API_PORT: String(await freePort()),
      ISSUER_PORT: String(await freePort()),
      WEB_PORT: String(await freePort()),
      LOCAL_DATA_DIR: dataDir,
      PGLITE_DATA_DIR: join(dataDir, "pglite"),
      PGLITE_TEMPLATE: "",
    };
    const first = await startDev(env);
    const curl = first
      .output()
      .split("\n")
      .filter((line) => line.startsWith("  TOKEN=") || line.startsWith("  curl "))
      .join("\n");
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
      const listed = JSON.parse(execFileSync("bash", ["-c", curl], { encoding: "utf8" }));
      expect(listed.data.map((p: { code: string }) => p.code)).toEqual(["KEPT-1"]);
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
      const error = await startDev({
        API_PORT: String(taken),
        ISSUER_PORT: String(await freePort()),
        WEB_PORT: String(await freePort()),
        LOCAL_DATA_DIR: dataDir,
        PGLITE_DATA_DIR: join(dataDir, "pglite-taken"),
        PGLITE_TEMPLATE: "",
      }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toContain(
        `Port ${taken} is taken: stop what uses it, or set API_PORT to another port in .env`,
      );
    } finally {
      blocker.close();
    }
  }, 120_000);
});
