import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const root = new URL("../../../", import.meta.url).pathname;

/** What a fresh process logs: the logger reads its variables when it loads. */
function logLines(env: Record<string, string>, call: string) {
  const out = execFileSync(
    `${root}node_modules/.bin/tsx`,
    ["-e", `import("./packages/functions/src/logger.ts").then(({ logger }) => { ${call} })`],
    { cwd: root, env: { ...process.env, LOG_LEVEL: "INFO", ...env }, encoding: "utf8" },
  );
  return out
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe("the logger", () => {
  it("writes one JSON line with the level, the message, the service infra names and the fields", () => {
    expect(logLines({ SERVICE_NAME: "promotions-api" }, 'logger.info("hello", { requestId: "r1" })')).toEqual(
      [
        {
          level: "INFO",
          message: "hello",
          service: "promotions-api",
          timestamp: expect.any(String),
          requestId: "r1",
        },
      ],
    );
  });

  it("leaves out what is below LOG_LEVEL", () => {
    expect(logLines({ LOG_LEVEL: "WARN" }, 'logger.info("quiet"); logger.warn("loud")')).toMatchObject([
      { level: "WARN", message: "loud" },
    ]);
  });

  it("logs an error by its name, message, code and stack", () => {
    const [line] = logLines(
      {},
      'logger.warn("failed", { error: Object.assign(new TypeError("bad"), { code: "E1" }) })',
    );
    expect(line.error).toMatchObject({
      name: "TypeError",
      message: "bad",
      code: "E1",
      stack: expect.stringContaining("TypeError: bad"),
    });
  });
});
