import { describe, expect, it } from "vitest";
import { promotionInput } from "../../../test/support/core";
import { callApi, devToken, useStack } from "../../../test/support/stack";
import { subFor } from "../src/issuer/tokens";

const stack = useStack();

describe("the offline stack under concurrency", () => {
  it("500 concurrent HTTP requests from 50 users: every answer belongs to its caller", async () => {
    const users = Array.from({ length: 50 }, (_, n) => `load-${n}`);
    const tokens = new Map(
      await Promise.all(users.map(async (u) => [u, await devToken(stack(), { username: u })] as const)),
    );
    const answers = await Promise.all(
      Array.from({ length: 500 }, async (_, n) => {
        const user = users[n % users.length] as string;
        const token = tokens.get(user) as string;
        const answer =
          Math.floor(n / users.length) % 2 === 0
            ? await callApi(stack(), "POST", "/promotions", token, promotionInput())
            : await callApi(stack(), "GET", "/promotions?limit=100", token);
        return { sub: subFor(user), answer };
      }),
    );
    const mismatches = answers.filter(({ sub, answer }) => {
      if (answer.status === 201) return answer.body.ownerSub !== sub || answer.body.createdBy !== sub;
      if (answer.status === 200)
        return answer.body.data.some((p: { ownerSub: string }) => p.ownerSub !== sub);
      return true;
    });
    expect(mismatches).toEqual([]);
    for (const user of users) {
      const list = await callApi(stack(), "GET", "/promotions?limit=100", tokens.get(user));
      expect(list.body.data).toHaveLength(5);
    }
  });
});
