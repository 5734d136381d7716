import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const root = new URL("../../../", import.meta.url).pathname;

/** The first log line of a fresh process: Powertools reads its variables when the logger is built. */
function logLine(env: Record<string, string>) {
  const out = execFileSync(
    `${root}node_modules/.bin/tsx`,
    ["-e", 'import("./packages/functions/src/logger.ts").then((m) => m.logger.info("hello"))'],
    { cwd: root, env: { ...process.env, POWERTOOLS_LOG_LEVEL: "INFO", ...env }, encoding: "utf8" },
  );
  return JSON.parse(out.trim().split("\n")[0] as string);
}

describe("the logger", () => {
  it("names the service infra sets in POWERTOOLS_SERVICE_NAME", () => {
    expect(logLine({ POWERTOOLS_SERVICE_NAME: "promotions-api" })).toMatchObject({
      level: "INFO",
      message: "hello",
      service: "promotions-api",
    });
  });
});
