import { count as countRows, sql } from "drizzle-orm";
import { integer, pgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { database } from "../src/drizzle/index";
import { afterCommit, createTransaction, useTransaction } from "../src/drizzle/transaction";

const scratch = pgTable("scratch", { n: integer("n") });
const count = async () => (await (await database()).select({ n: countRows() }).from(scratch))[0]?.n;

describe("transactions", () => {
  it("useTransaction inside createTransaction joins the ambient transaction", async () => {
    await (await database()).execute(sql`create table if not exists scratch (n int)`);
    await (await database()).execute(sql`truncate scratch`);
    await expect(
      createTransaction(async () => {
        await useTransaction((tx) => tx.execute(sql`insert into scratch values (1)`));
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await count()).toBe(0);
  });

  it("nested createTransaction joins the outer one", async () => {
    await (await database()).execute(sql`create table if not exists scratch (n int)`);
    await (await database()).execute(sql`truncate scratch`);
    await expect(
      createTransaction(async () => {
        await createTransaction((tx) => tx.execute(sql`insert into scratch values (1)`));
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await count()).toBe(0);
  });

  it("runs effects after commit, in order of registration, and not before", async () => {
    const events: string[] = [];
    await createTransaction(async () => {
      await afterCommit(() => events.push("effect 1"));
      await createTransaction(async () => {
        await afterCommit(() => events.push("effect 2"));
      });
      events.push("body done");
    });
    expect(events).toEqual(["body done", "effect 1", "effect 2"]);
  });

  it("drops effects when the transaction rolls back", async () => {
    const events: string[] = [];
    await createTransaction(async () => {
      await afterCommit(() => events.push("effect"));
      throw new Error("roll back");
    }).catch(() => {});
    expect(events).toEqual([]);
  });

  it("runs an effect at once outside a transaction", async () => {
    const events: string[] = [];
    await afterCommit(() => events.push("effect"));
    expect(events).toEqual(["effect"]);
  });
});
