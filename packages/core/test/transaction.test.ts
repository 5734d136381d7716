import { count as countRows, sql } from "drizzle-orm";
import { integer, pgTable } from "drizzle-orm/pg-core";
import { describe, expect, it, vi } from "vitest";
import { user } from "../../../test/support/core";
import { useActor, withActor } from "../src/actor";
import { withDeadline } from "../src/drizzle/deadline";
import { database } from "../src/drizzle/index";
import { afterCommit, createTransaction, useTransaction } from "../src/drizzle/transaction";

const scratch = pgTable("scratch", { n: integer("n") });
const count = async () => (await database().select({ n: countRows() }).from(scratch))[0]?.n;

describe("transactions", () => {
  it("useTransaction inside createTransaction joins the ambient transaction", async () => {
    await database().execute(sql`create table if not exists scratch (n int)`);
    await database().execute(sql`truncate scratch`);
    await expect(
      createTransaction(async () => {
        await useTransaction((tx) => tx.execute(sql`insert into scratch values (1)`));
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await count()).toBe(0);
  });

  it("nested createTransaction joins the outer one", async () => {
    await database().execute(sql`create table if not exists scratch (n int)`);
    await database().execute(sql`truncate scratch`);
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

  it("runs an effect as the actor that registered it, not as whoever runs the transaction", async () => {
    const seen: string[] = [];
    await withActor(user("owner"), () =>
      createTransaction(async () => {
        await withActor(user("registrant"), () =>
          afterCommit(() => {
            const actor = useActor();
            seen.push(actor.type === "user" ? actor.properties.sub : actor.type);
          }),
        );
      }),
    );
    expect(seen).toEqual(["registrant"]);
  });

  it("resolves with the committed result when an effect fails, and reports the failure", async () => {
    const report = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await expect(
        createTransaction(async () => {
          await afterCommit(() => {
            throw new TypeError("mail server down");
          });
          return "committed";
        }),
      ).resolves.toBe("committed");
      expect(report).toHaveBeenCalledWith(
        JSON.stringify({ level: "ERROR", message: "afterCommit effect failed", error: "TypeError" }),
      );
    } finally {
      report.mockRestore();
    }
  });

  it("runs a transaction again after a serialization failure or a deadlock, up to three attempts", async () => {
    for (const code of ["40001", "40P01"]) {
      let attempts = 0;
      const result = await createTransaction(async () => {
        attempts++;
        if (attempts < 3) throw Object.assign(new Error("could not serialize access"), { code });
        return "third time";
      });
      expect({ code, attempts, result }).toEqual({ code, attempts: 3, result: "third time" });
    }
  });

  it("gives up after three attempts with an unavailable error (503)", async () => {
    let attempts = 0;
    const error = await createTransaction(async () => {
      attempts++;
      throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
    }).catch((e: unknown) => e);
    expect(attempts).toBe(3);
    expect(error).toMatchObject({ kind: "unavailable", code: "database_unavailable" });
  });

  it("rolls back instead of committing when too little time is left for the COMMIT's answer", async () => {
    await database().execute(sql`create table if not exists scratch (n int)`);
    await database().execute(sql`truncate scratch`);
    const error = await withDeadline(Date.now() + 300, () =>
      createTransaction((tx) => tx.execute(sql`insert into scratch values (1)`)),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "unavailable", code: "database_timeout" });
    expect(await count()).toBe(0);
  });

  it("answers at once, without touching the database, once the deadline has passed", async () => {
    const error = await withDeadline(Date.now() - 1, () =>
      useTransaction((tx) => tx.execute(sql`select 1`)),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "unavailable", code: "database_timeout" });
  });
});
