import { AsyncLocalStorage } from "node:async_hooks";
import { EventEmitter } from "node:events";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sleep } from "../../../test/support/core";
import { ContextNotFoundError, createContext } from "../src/context";
import { database } from "../src/drizzle/index";
import { createTransaction, useTransaction } from "../src/drizzle/transaction";

const Request = createContext<{ id: string }>("request");

describe("createContext", () => {
  it("use() outside with() throws ContextNotFoundError naming the context", () => {
    expect(() => Request.use()).toThrow(ContextNotFoundError);
    expect(() => Request.use()).toThrow("No request context: this code ran outside withRequest(...)");
  });

  it("tryUse() outside with() returns undefined", () => {
    expect(Request.tryUse()).toBeUndefined();
  });

  it("with() returns what its function returns", async () => {
    expect(Request.with({ id: "a" }, () => 42)).toBe(42);
    await expect(Request.with({ id: "a" }, async () => 43)).resolves.toBe(43);
  });

  it("nested with() shadows the outer value and restores it afterwards", () => {
    Request.with({ id: "outer" }, () => {
      Request.with({ id: "inner" }, () => expect(Request.use().id).toBe("inner"));
      expect(Request.use().id).toBe("outer");
    });
  });

  it("the value survives await, timers and Promise.all", async () => {
    await Request.with({ id: "a" }, async () => {
      await sleep(1);
      expect(Request.use().id).toBe("a");
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          expect(Request.use().id).toBe("a");
          resolve();
        }, 1),
      );
      const ids = await Promise.all(
        [1, 2, 3].map(async (n) => {
          await sleep(n);
          return Request.use().id;
        }),
      );
      expect(ids).toEqual(["a", "a", "a"]);
    });
  });

  it("the value survives a database query and a transaction", async () => {
    await Request.with({ id: "db" }, async () => {
      await useTransaction((tx) => tx.execute(sql`select 1`));
      expect(Request.use().id).toBe("db");
      await createTransaction(async (tx) => {
        await tx.execute(sql`select 1`);
        expect(Request.use().id).toBe("db");
      });
      expect(Request.use().id).toBe("db");
    });
  });

  it("concurrent with() calls each see their own value", async () => {
    const seen = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        Request.with({ id: `r${n}` }, async () => {
          await sleep(Math.random() * 5);
          await (await database()).execute(sql`select 1`);
          return Request.use().id;
        }),
      ),
    );
    expect(seen).toEqual(Array.from({ length: 50 }, (_, n) => `r${n}`));
  });

  it("nothing is left in the store after with() returns or throws", async () => {
    await Request.with({ id: "a" }, async () => sleep(1));
    expect(Request.tryUse()).toBeUndefined();
    await expect(
      Request.with({ id: "b" }, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(Request.tryUse()).toBeUndefined();
  });

  it("an EventEmitter listener sees the emitter's context, or its registration context when bound", async () => {
    const emitter = new EventEmitter();
    const seen: (string | undefined)[] = [];
    emitter.on("ping", () => seen.push(Request.tryUse()?.id));
    Request.with({ id: "a" }, () => emitter.emit("ping"));
    expect(seen).toEqual(["a"]);
    const bound = new EventEmitter();
    bound.on(
      "ping",
      AsyncLocalStorage.bind(() => seen.push(Request.tryUse()?.id)),
    );
    Request.with({ id: "b" }, () => bound.emit("ping"));
    expect(seen).toEqual(["a", undefined]);
  });
});
