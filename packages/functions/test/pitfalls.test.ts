/**
 * The failure modes of the article this project grew from, kept as regression tests: each shows
 * the naive way failing, then the handler we ship not failing.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import middy from "@middy/core";
import { describe, expect, it } from "vitest";
import { apiEvent, authorizerClaims, invoke } from "./support/lambda";

type Event = { sub?: string };

describe("the seed's pitfalls", () => {
  it("enterWith after an await in a middy before middleware: the handler sees no store", async () => {
    const storage = new AsyncLocalStorage<string>();
    const naive = middy<Event, string | undefined>()
      .before(async (request) => {
        await Promise.resolve(); // e.g. fetching or verifying something
        // biome-ignore lint/plugin/no-enter-with: demonstrates the failure mode this project avoids
        if (request.event.sub) storage.enterWith(request.event.sub);
      })
      .handler(async () => storage.getStore());
    expect(await naive({ sub: "ada" }, {} as never)).toBeUndefined();
  });

  it("enterWith before any await: the next invocation, without a caller, still sees the last one", async () => {
    const storage = new AsyncLocalStorage<string>();
    const naive = middy<Event, string | undefined>()
      .before((request) => {
        // biome-ignore lint/plugin/no-enter-with: demonstrates the failure mode this project avoids
        if (request.event.sub) storage.enterWith(request.event.sub);
      })
      .handler(async () => storage.getStore());
    // Run the two invocations the way a warm container does: one after the other, same loop.
    const seen = await new Promise<(string | undefined)[]>((resolve) => {
      setImmediate(async () => {
        const first = await naive({ sub: "ada" }, {} as never);
        const second = await naive({}, {} as never);
        resolve([first, second]);
      });
    });
    expect(seen).toEqual(["ada", "ada"]);
  });

  it("our handler: the caller reaches the service, and a public call after it is public", async () => {
    const user = await invoke(
      apiEvent("GET", "/promotions", { claims: authorizerClaims({ sub: "pitfall" }) }),
    );
    expect(user.status).toBe(200);
    const anonymous = await invoke(apiEvent("GET", "/promotions", { claims: null }));
    expect(anonymous).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
  });
});
