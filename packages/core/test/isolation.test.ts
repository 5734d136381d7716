import { describe, expect, it } from "vitest";
import { asUser, promotionInput, sleep } from "../../../test/support/core";
import { VisibleError } from "../src/error";
import { Promotion } from "../src/promotion";

describe("owner isolation", () => {
  it("user B can list, get, update and archive none of user A's promotions", async () => {
    const mine = await asUser("alice", () => Promotion.create(promotionInput({ code: "ALICE-1" })));

    const listed = await asUser("bob", () => Promotion.list({ status: "active,scheduled,expired,archived" }));
    expect(listed.data).toEqual([]);

    for (const attempt of [
      () => Promotion.get(mine.id),
      () => Promotion.update(mine.id, { title: "Bob's now" }),
      () => Promotion.archive(mine.id),
    ]) {
      const error = await asUser("bob", attempt).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VisibleError);
      // Exactly what a missing id gets: nothing tells B that A's promotion exists.
      expect(error).toMatchObject({
        kind: "not_found",
        code: "promotion_not_found",
        message: "Promotion not found",
      });
    }
    expect(await asUser("alice", () => Promotion.get(mine.id))).toEqual(mine);
  });

  it("attributes each of many concurrent writes to its own caller", async () => {
    const users = Array.from({ length: 20 }, (_, n) => `user-${n}`);
    const created = await Promise.all(
      Array.from({ length: 200 }, (_, n) => {
        const sub = users[n % users.length] as string;
        return asUser(sub, async () => {
          await sleep(Math.random() * 5);
          const promotion = await Promotion.create(promotionInput());
          await sleep(Math.random() * 5);
          return { sub, promotion };
        });
      }),
    );
    for (const { sub, promotion } of created) {
      expect(promotion).toMatchObject({ ownerSub: sub, createdBy: sub, updatedBy: sub });
    }
    for (const sub of users) {
      const page = await asUser(sub, () => Promotion.list({ limit: 100 }));
      expect(page.data).toHaveLength(10);
      expect(new Set(page.data.map((p) => p.ownerSub))).toEqual(new Set([sub]));
    }
  });
});
