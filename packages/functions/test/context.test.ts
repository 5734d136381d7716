import { useActor } from "@promotions/core/actor";
import { ContextNotFoundError } from "@promotions/core/context";
import { Promotion } from "@promotions/core/promotion";
import { afterEach, describe, expect, it, vi } from "vitest";
import { promotionInput, sleep } from "../../../test/support/core";
import { apiEvent, authorizerClaims, invoke } from "../../../test/support/lambda";
import { logger } from "../src/logger";

/** Request log lines, as the handler wrote them. */
function captureRequestLogs() {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(logger, "info").mockImplementation((message: unknown, ...extra: unknown[]) => {
    if (message === "request") lines.push(Object.assign({}, ...(extra as object[])));
  });
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe("context isolation in the Lambda handler", () => {
  it("200 concurrent invocations for 20 users: each answer and each row belongs to its caller", async () => {
    // Random awaits around the service call so that the invocations interleave.
    const create = Promotion.create.force;
    vi.spyOn(Promotion.create, "force").mockImplementation(async (value) => {
      await sleep(Math.random() * 10);
      const created = await create(value);
      await sleep(Math.random() * 10);
      return created;
    });
    const answers = await Promise.all(
      Array.from({ length: 200 }, async (_, n) => {
        const sub = `conc-${n % 20}`;
        await sleep(Math.random() * 5);
        const answer = await invoke(
          apiEvent("POST", "/promotions", { claims: authorizerClaims({ sub }), body: promotionInput() }),
        );
        return { sub, answer };
      }),
    );
    const mismatches = answers.filter(
      ({ sub, answer }) =>
        answer.status !== 201 || answer.body.ownerSub !== sub || answer.body.createdBy !== sub,
    );
    expect(mismatches).toEqual([]);
    for (let n = 0; n < 20; n++) {
      const sub = `conc-${n}`;
      const list = await invoke(
        apiEvent("GET", "/promotions", { claims: authorizerClaims({ sub }), query: "limit=100" }),
      );
      expect(list.body.data).toHaveLength(10);
      expect(
        list.body.data.every(
          (p: { ownerSub: string; createdBy: string }) => p.ownerSub === sub && p.createdBy === sub,
        ),
      ).toBe(true);
    }
  });

  it("1,000 sequential invocations alternating users and public calls never carry a caller over", async () => {
    const lines = captureRequestLogs();
    const expected: string[] = [];
    for (let n = 0; n < 1000; n++) {
      if (n % 3 === 2) {
        await invoke(apiEvent("GET", "/health", { claims: null }));
        expected.push("public");
      } else {
        const sub = `seq-${n % 2}`;
        const answer = await invoke(apiEvent("GET", "/promotions", { claims: authorizerClaims({ sub }) }));
        expect(answer.status).toBe(200);
        expected.push(sub);
      }
      expect(() => useActor()).toThrow(ContextNotFoundError);
    }
    expect(lines.map((line) => line.sub ?? line.actor)).toEqual(expected);
  });

  it("leaves no store active after an invocation returns, fails with 4xx, or throws", async () => {
    await invoke(apiEvent("GET", "/promotions", { claims: authorizerClaims({ sub: "after" }) }));
    expect(() => useActor()).toThrow(ContextNotFoundError);
    await invoke(apiEvent("GET", "/promotions", { claims: { sub: "" } }));
    expect(() => useActor()).toThrow(ContextNotFoundError);
    vi.spyOn(Promotion.list, "force").mockRejectedValueOnce(new Error("boom"));
    const failed = await invoke(
      apiEvent("GET", "/promotions", { claims: authorizerClaims({ sub: "after" }) }),
    );
    expect(failed.status).toBe(500);
    expect(() => useActor()).toThrow(ContextNotFoundError);
  });

  it("logs one line per request with request id, route, status, duration and the caller's sub", async () => {
    const lines = captureRequestLogs();
    const event = apiEvent("GET", "/promotions", { claims: authorizerClaims({ sub: "logged" }) });
    await invoke(event);
    expect(lines).toEqual([
      {
        requestId: event.requestContext.requestId,
        route: "GET /promotions",
        method: "GET",
        path: "/promotions",
        status: 200,
        durationMs: expect.any(Number),
        actor: "user",
        sub: "logged",
      },
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/authorization|Bearer|scope/i);
  });
});
