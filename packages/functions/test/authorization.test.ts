import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { invoke, requestsAs } from "../../../test/support/lambda";
import type { ApiEvent } from "../src/api/common";

const day = 24 * 60 * 60 * 1000;
const owner = requestsAs("owner-a");
const intruder = requestsAs("intruder-b");
const missingId = "prm_01JDQ7Z8X5V3K2M4N6P8R0T2W4";

async function ownersPromotion() {
  const answer = await owner("POST", "/promotions", {
    body: {
      title: "A's promotion",
      code: `A-${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
      discount: { type: "percent", value: 15 },
      startsAt: new Date(Date.now() - day).toISOString(),
      endsAt: new Date(Date.now() + day).toISOString(),
    },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

/** Status and body only: headers carry per-request ids. */
const outcome = ({ status, body }: { status: number; body: unknown }) => ({ status, body });

describe("object-level authorization", () => {
  it.each([
    ["GET", undefined],
    ["PATCH", { title: "Mine now" }],
    ["DELETE", undefined],
  ] as const)(
    "%s on another user's promotion answers exactly what a missing id answers",
    async (method, body) => {
      const promotion = await ownersPromotion();
      const options = body === undefined ? {} : { body };
      const onTheirs = outcome(await intruder(method, `/promotions/${promotion.id}`, options));
      const onMissing = outcome(await intruder(method, `/promotions/${missingId}`, options));
      expect(onTheirs).toEqual(onMissing);
      expect(onTheirs.status).toBe(404);
      expect((await owner("GET", `/promotions/${promotion.id}`)).body).toEqual(promotion);
    },
  );

  it("GET /promotions never lists another user's promotion, whatever the filter", async () => {
    const promotion = await ownersPromotion();
    for (const query of ["", "status=active,scheduled,expired,archived", "limit=100", "owner=me"]) {
      const answer = await intruder("GET", "/promotions", { query });
      expect(answer.body.data.map((p: { id: string }) => p.id)).not.toContain(promotion.id);
    }
  });

  it("an ownerSub in a PATCH body is rejected and the owner stays the same", async () => {
    const promotion = await ownersPromotion();
    const answer = await owner("PATCH", `/promotions/${promotion.id}`, { body: { ownerSub: "intruder-b" } });
    expect(answer.status).toBe(400);
    expect((await owner("GET", `/promotions/${promotion.id}`)).body).toEqual(promotion);
  });

  it("an admin reading everyone's list still cannot change another user's promotion", async () => {
    const promotion = await ownersPromotion();
    const admin = requestsAs("admin-c", { groups: ["admin"] });
    const listed = await admin("GET", "/promotions", { query: "owner=all&limit=100" });
    expect(listed.body.data.map((p: { id: string }) => p.id)).toContain(promotion.id);
    expect(
      (await admin("PATCH", `/promotions/${promotion.id}`, { body: { title: "Admin was here" } })).status,
    ).toBe(404);
    expect((await admin("DELETE", `/promotions/${promotion.id}`)).status).toBe(404);
    expect((await owner("GET", `/promotions/${promotion.id}`)).body).toEqual(promotion);
  });
});

describe("the shared API Gateway fixture", () => {
  it("is accepted as is: the handler lists the promotions of the fixture's caller", async () => {
    const fixture = JSON.parse(
      readFileSync(new URL("./fixtures/apigw-v2-jwt-cognito-access.json", import.meta.url), "utf8"),
    ) as ApiEvent;
    const answer = await invoke(fixture);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: [], nextCursor: null });
  });
});
