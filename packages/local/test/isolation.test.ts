/**
 * Isolation under load, over real HTTP: 1,000 concurrent requests from 100 users through the
 * gateway, mixing writes and reads, with random delays injected inside the database layer so
 * that requests interleave at every await. Every answer and every row must belong to its caller.
 */
import { database } from "@promotions/core/drizzle/index";
import * as transaction from "@promotions/core/drizzle/transaction";
import { promotionTable } from "@promotions/core/promotion/promotion.sql";
import { afterEach, describe, expect, it, vi } from "vitest";
import { promotionInput, sleep } from "../../../test/support/core";
import { callApi, devToken, useStack } from "../../../test/support/stack";
import { subFor } from "../src/issuer/tokens";

const stack = useStack();

afterEach(() => vi.restoreAllMocks());

describe("isolation over HTTP", () => {
  it("1,000 concurrent requests from 100 users, random delays in the database layer: 0 mismatches", async () => {
    const useTransaction = transaction.useTransaction;
    const delayed = vi.spyOn(transaction, "useTransaction").mockImplementation((cb) =>
      useTransaction(async (tx) => {
        await sleep(Math.random() * 5);
        return cb(tx);
      }),
    );
    const users = Array.from({ length: 100 }, (_, n) => `iso-${n}`);
    const tokens = await Promise.all(users.map((username) => devToken(stack(), { username })));
    const outcomes = await Promise.all(
      Array.from({ length: 1000 }, async (_, n) => {
        const user = n % users.length;
        const write = Math.floor(n / users.length) % 2 === 0;
        await sleep(Math.random() * 20);
        const answer = write
          ? await callApi(stack(), "POST", "/promotions", tokens[user], promotionInput())
          : await callApi(stack(), "GET", "/promotions?limit=100", tokens[user]);
        return { sub: subFor(users[user] as string), write, answer };
      }),
    );
    const mismatches = outcomes.filter(({ sub, write, answer }) =>
      write
        ? answer.status !== 201 || answer.body.ownerSub !== sub || answer.body.createdBy !== sub
        : answer.status !== 200 || answer.body.data.some((p: { ownerSub: string }) => p.ownerSub !== sub),
    );
    const rows = await (await database()).select().from(promotionTable);
    const misattributed = rows.filter(
      (row) => row.createdBy !== row.ownerSub || row.updatedBy !== row.ownerSub,
    );
    console.info(
      `isolation over HTTP: ${outcomes.length} requests, ${mismatches.length} mismatched answers, ${misattributed.length} misattributed rows`,
    );
    expect(mismatches).toEqual([]);
    expect(misattributed).toEqual([]);
    expect(rows).toHaveLength(500);
    expect(delayed.mock.calls.length).toBeGreaterThanOrEqual(1000); // the delays did apply
  }, 120_000);
});
