/**
 * The failure modes of the article this project grew from, kept as regression tests: each shows
 * the naive way failing, then the handler we ship not failing.
 */
import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import { EventEmitter } from "node:events";
import middy from "@middy/core";
import { useActorId, withActor } from "@promotions/core/actor";
import { describe, expect, it } from "vitest";
import { sleep, user } from "../../../test/support/core";
import { apiEvent, authorizerClaims, invoke } from "../../../test/support/lambda";

type Event = { sub?: string };

const actorNow = () => {
  try {
    return useActorId();
  } catch {
    return "(no caller)";
  }
};

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

  describe("a listener on a module-scope EventEmitter", () => {
    // Request coalescing: callers wait for one shared load; whoever finishes it emits "loaded".
    const loads = new EventEmitter();

    it("naive: the waiting request's listener runs as the request that emitted", async () => {
      const waiting = withActor(
        user("ada"),
        () => new Promise<string>((resolve) => loads.once("loaded", () => resolve(actorNow()))),
      );
      await withActor(user("bob"), async () => loads.emit("loaded"));
      expect(await waiting).toBe("bob");
    });

    it("ours: a listener bound to its request (AsyncResource.bind) runs as that request", async () => {
      const waiting = withActor(
        user("ada"),
        () =>
          new Promise<string>((resolve) =>
            loads.once(
              "loaded",
              AsyncResource.bind(() => resolve(actorNow())),
            ),
          ),
      );
      await withActor(user("bob"), async () => loads.emit("loaded"));
      expect(await waiting).toBe("ada");
    });
  });

  describe("a timer created at module scope", () => {
    /** A write-behind audit log that flushes on a timer, the way one would batch writes. */
    function auditLog(options: { timerAt: "module scope" | "first call"; captureAt: "flush" | "record" }) {
      const pending: { action: string; actor?: string }[] = [];
      const flushed: { action: string; actor: string }[] = [];
      const flush = () => {
        for (const entry of pending.splice(0))
          flushed.push({ action: entry.action, actor: entry.actor ?? actorNow() });
      };
      let timer = options.timerAt === "module scope" ? setInterval(flush, 2) : undefined;
      return {
        record(action: string) {
          pending.push(options.captureAt === "record" ? { action, actor: actorNow() } : { action });
          timer ??= setInterval(flush, 2);
        },
        flushed,
        stop: () => clearInterval(timer),
      };
    }

    async function run(log: ReturnType<typeof auditLog>) {
      await withActor(user("ada"), async () => log.record("ada created"));
      await withActor(user("bob"), async () => log.record("bob archived"));
      await sleep(20);
      log.stop();
      return log.flushed;
    }

    it("naive, timer started by the first request: every later entry is blamed on that first caller", async () => {
      expect(await run(auditLog({ timerAt: "first call", captureAt: "flush" }))).toEqual([
        { action: "ada created", actor: "ada" },
        { action: "bob archived", actor: "ada" },
      ]);
    });

    it("naive, timer at module scope: the caller silently vanishes", async () => {
      expect(await run(auditLog({ timerAt: "module scope", captureAt: "flush" }))).toEqual([
        { action: "ada created", actor: "(no caller)" },
        { action: "bob archived", actor: "(no caller)" },
      ]);
    });

    it("ours: the caller is read when the work is requested, inside the request", async () => {
      expect(await run(auditLog({ timerAt: "module scope", captureAt: "record" }))).toEqual([
        { action: "ada created", actor: "ada" },
        { action: "bob archived", actor: "bob" },
      ]);
    });
  });
});
