import { describe, expect, it, vi } from "vitest";
import { promotionInput } from "../../../test/support/core";
import { apiEvent, authorizerClaims, invoke, requestsAs } from "../../../test/support/lambda";
import { logger } from "../src/logger";

/** Inputs that pass a naive schema but that PostgreSQL refuses: each is a 400 naming its field, and nothing is written. */
describe("values the database cannot store", () => {
  const mallory = requestsAs("mallory-hostile");

  it.each([
    ["a NUL character in the title", { title: "Sale\u0000" }, "title"],
    ["a NUL character in the description", { description: "a\u0000b" }, "description"],
    ["a start before year 1 in UTC", { startsAt: "0000-06-01T00:00:00Z" }, "startsAt"],
    [
      "a start that is year 1 locally but year 0 in UTC",
      { startsAt: "0001-01-01T00:00:00+14:00" },
      "startsAt",
    ],
    ["an end after 9999 once in UTC", { endsAt: "9999-12-31T23:59:59-14:00" }, "endsAt"],
  ])("POST with %s answers 400 naming the field, and stores nothing", async (_, change, field) => {
    const answer = await mallory("POST", "/promotions", { body: promotionInput(change) });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("invalid_input");
    expect(answer.body.error.issues.map((issue: { path: string }) => issue.path)).toContain(field);
    expect((await mallory("GET", "/promotions")).body.data).toEqual([]);
  });

  it.each([
    ["a NUL character in the title", { title: "x\u0000" }, "title"],
    ["an end after 9999 once in UTC", { endsAt: "9999-12-31T23:59:59-14:00" }, "endsAt"],
  ])("PATCH with %s answers 400 naming the field, and changes nothing", async (_, change, field) => {
    const owner = requestsAs("owner-hostile-patch");
    const created = (await owner("POST", "/promotions", { body: promotionInput() })).body;
    const answer = await owner("PATCH", `/promotions/${created.id}`, { body: change });
    expect(answer.status).toBe(400);
    expect(answer.body.error.issues.map((issue: { path: string }) => issue.path)).toContain(field);
    expect((await owner("GET", `/promotions/${created.id}`)).body).toEqual(created);
  });

  it("answers 401 to a token whose sub is longer than the 255 characters it is stored in", async () => {
    const answer = await invoke(
      apiEvent("POST", "/promotions", {
        claims: authorizerClaims({ sub: "s".repeat(256) }),
        body: promotionInput(),
      }),
    );
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatchObject({ code: "invalid_claims", issues: [{ path: "claims.sub" }] });
  });
});

describe("what reaches the logs", () => {
  it("an unexpected database error is logged with its SQLSTATE, never the SQL or its parameters", async () => {
    const { Promotion } = await import("@promotions/core/promotion");
    const { DrizzleQueryError } = await import("drizzle-orm/errors");
    const driverError = Object.assign(new Error('value "secret-value" is out of place'), {
      code: "42P01",
      routine: "parserOpenTable",
    });
    const failure = new DrizzleQueryError(
      "select * from promotion where code = $1",
      ["secret-param"],
      driverError,
    );
    const get = vi.spyOn(Promotion, "get").mockRejectedValueOnce(failure);
    const error = vi.spyOn(logger, "error");
    try {
      const answer = await requestsAs("logged")("GET", "/promotions/prm_01JDQ7Z8X5V3K2M4N6P8R0T2W4");
      expect(answer.status).toBe(500);
      const logged = JSON.stringify(error.mock.calls);
      expect(logged).toContain("42P01");
      expect(logged).not.toMatch(/secret-param|secret-value|select \*/);
    } finally {
      get.mockRestore();
      error.mockRestore();
    }
  });

  it("uses API Gateway's request id, not one a client sent", async () => {
    const event = apiEvent("GET", "/promotions/prm_01JDQ7Z8X5V3K2M4N6P8R0T2W4", {
      claims: authorizerClaims({ sub: "request-id" }),
      headers: { "x-request-id": "forged-id" },
    });
    const answer = await invoke(event);
    expect(answer.headers["x-request-id"]).toBe(event.requestContext.requestId);
  });
});
