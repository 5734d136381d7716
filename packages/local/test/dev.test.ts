import { execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { curlOf, devEnv, listCodes, startDev, stopped } from "../../../test/support/dev";

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
