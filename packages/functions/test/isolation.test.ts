/**
 * Isolation in one warm container: 10,000 invocations one after another, and many transactions
 * queued on a single database connection.
 */
import { useActor, withActor } from "@promotions/core/actor";
import { ContextNotFoundError } from "@promotions/core/context";
import { closeDatabase } from "@promotions/core/drizzle/index";
import { createTransaction } from "@promotions/core/drizzle/transaction";
import { Promotion } from "@promotions/core/promotion";
import { afterEach, describe, expect, it, vi } from "vitest";
import { promotionInput, sleep, user } from "../../../test/support/core";
import { apiEvent, authorizerClaims, invoke } from "../../../test/support/lambda";
import { logger } from "../src/logger";

afterEach(() => vi.restoreAllMocks());

describe("isolation across warm invocations", () => {
  it("10,000 sequential invocations of users, public calls and failures: none sees the previous caller", async () => {
    const seen: string[] = [];
    vi.spyOn(logger, "info").mockImplementation((message: unknown, ...extra: unknown[]) => {
      if (message !== "request") return;
      const line = Object.assign({}, ...(extra as object[])) as { sub?: string; actor: string };
      seen.push(line.sub ?? line.actor);
    });
    const list = Promotion.list.force;
    vi.spyOn(Promotion.list, "force").mockImplementation(async (value) => {
      if (useActor().type === "user" && (value as { limit?: number }).limit === 13)
        throw new Error("planned failure");
      return list(value);
    });
    const expected: string[] = [];
    let stray = 0;
    for (let n = 0; n < 10_000; n++) {
      const kind = n % 4;
      if (kind === 3) {
        expect((await invoke(apiEvent("GET", "/health", { claims: null }))).status).toBe(200);
        expected.push("public");
      } else {
        const sub = `warm-${n % 7}`;
        const query = kind === 2 ? "limit=13" : "limit=5";
        const answer = await invoke(
          apiEvent("GET", "/promotions", { claims: authorizerClaims({ sub }), query }),
        );
        expect(answer.status).toBe(kind === 2 ? 500 : 200);
        expected.push(sub);
      }
      try {
        useActor();
        stray++;
      } catch (error) {
        if (!(error instanceof ContextNotFoundError)) throw error;
      }
    }
    const mismatches = seen.filter((actor, i) => actor !== expected[i]).length;
    console.info(
      `warm invocations: ${seen.length} invocations, ${mismatches} saw another caller, ${stray} left a store behind`,
    );
    expect(seen).toHaveLength(10_000);
    expect(mismatches).toBe(0);
    expect(stray).toBe(0);
  }, 300_000);

  it("50 concurrent transactions on a pool of one connection each write as their own caller", async () => {
    await closeDatabase();
    vi.stubEnv("DATABASE_POOL_MAX", "1");
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, n) =>
          withActor(user(`pool-${n}`), () =>
            createTransaction(async () => {
              const first = await Promotion.create(promotionInput());
              await sleep(Math.random() * 5);
              const second = await Promotion.create(promotionInput());
              return { sub: `pool-${n}`, rows: [first, second] };
            }),
          ),
        ),
      );
      const misattributed = results.flatMap(({ sub, rows }) =>
        rows.filter((row) => row.createdBy !== sub || row.ownerSub !== sub),
      );
      expect(misattributed).toEqual([]);
    } finally {
      await closeDatabase();
      vi.unstubAllEnvs();
    }
  }, 60_000);
});
