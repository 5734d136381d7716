import { Promotion } from "@promotions/core/promotion";
import { afterEach, describe, expect, it, vi } from "vitest";
import { promotionInput } from "../../../test/support/core";
import { apiEvent, invoke, requestsAs } from "../../../test/support/lambda";

const day = 24 * 60 * 60 * 1000;
const at = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();

const ada = requestsAs("ada-api");

afterEach(() => vi.restoreAllMocks());

describe("GET /health", () => {
  it("answers 200 without a token", async () => {
    const answer = await invoke(apiEvent("GET", "/health", { claims: null }));
    expect(answer).toMatchObject({ status: 200, body: { status: "ok" } });
  });
});

describe("POST /promotions", () => {
  it("creates a promotion: 201, Location, and the promotion owned by the caller", async () => {
    const answer = await ada("POST", "/promotions", { body: promotionInput({ code: "new-1" }) });
    expect(answer.status).toBe(201);
    expect(answer.headers.location).toBe(`/promotions/${answer.body.id}`);
    expect(answer.body).toMatchObject({
      ownerSub: "ada-api",
      code: "NEW-1",
      status: "active",
      createdBy: "ada-api",
      archivedAt: null,
    });
  });

  it("accepts a base64-encoded body, as API Gateway sends non-text payloads", async () => {
    const answer = await ada("POST", "/promotions", { body: promotionInput(), base64: true });
    expect(answer.status).toBe(201);
  });

  it("answers 400 with every failing field", async () => {
    const answer = await ada("POST", "/promotions", {
      body: promotionInput({ title: "", discount: { type: "percent", value: 150 }, endsAt: at(-5) }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("invalid_input");
    expect(answer.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      "discount.value",
      "endsAt",
      "title",
    ]);
  });

  it("answers 400 invalid_json for malformed JSON", async () => {
    const answer = await ada("POST", "/promotions", { rawBody: '{"title": "x",' });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
  });

  it("answers 415 for a body that is not JSON", async () => {
    const answer = await ada("POST", "/promotions", {
      rawBody: "title=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(answer).toMatchObject({ status: 415, body: { error: { code: "unsupported_media_type" } } });
  });

  it("answers 400 listing every required field for an empty body", async () => {
    const answer = await invoke(apiEvent("POST", "/promotions", {}));
    expect(answer.status).toBe(400);
    expect(answer.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      "code",
      "discount",
      "endsAt",
      "startsAt",
      "title",
    ]);
  });

  it("answers 409 on code for a duplicate code", async () => {
    await ada("POST", "/promotions", { body: promotionInput({ code: "TWICE" }) });
    const answer = await ada("POST", "/promotions", { body: promotionInput({ code: "TWICE" }) });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: "promotion_code_taken", issues: [{ path: "code" }] });
  });

  it("rejects server-owned fields (ownerSub, createdBy) with 400, writing nothing", async () => {
    const before = await ada("GET", "/promotions", { query: "limit=100" });
    for (const field of ["ownerSub", "createdBy", "id", "status"]) {
      const answer = await ada("POST", "/promotions", { body: { ...promotionInput(), [field]: "mallory" } });
      expect(answer.status).toBe(400);
      expect(answer.body.error.issues).toEqual([{ path: "", message: expect.stringContaining(field) }]);
    }
    const after = await ada("GET", "/promotions", { query: "limit=100" });
    expect(after.body.data).toEqual(before.body.data);
  });

  it("answers 403 insufficient_scope without promotions/write, writing nothing", async () => {
    const reader = requestsAs("reader-only", { scopes: ["promotions/read"] });
    const answer = await reader("POST", "/promotions", { body: promotionInput() });
    expect(answer).toMatchObject({ status: 403, body: { error: { code: "insufficient_scope" } } });
    expect((await requestsAs("reader-only")("GET", "/promotions")).body.data).toEqual([]);
  });

  it("answers 401 without an authorizer (the gateway let an unauthenticated call through)", async () => {
    const answer = await invoke(apiEvent("POST", "/promotions", { claims: null, body: promotionInput() }));
    expect(answer).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
  });
});

describe("GET /promotions", () => {
  it("walks every page exactly once", async () => {
    const pat = requestsAs("pat-api");
    const ids: string[] = [];
    for (let n = 0; n < 5; n++)
      ids.push((await pat("POST", "/promotions", { body: promotionInput() })).body.id);
    const seen: string[] = [];
    let query = "limit=2";
    for (;;) {
      const page = await pat("GET", "/promotions", { query });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((p: { id: string }) => p.id));
      if (!page.body.nextCursor) break;
      query = `limit=2&cursor=${encodeURIComponent(page.body.nextCursor)}`;
    }
    expect(seen).toEqual(ids.reverse());
  });

  it("filters by repeated status parameters, which API Gateway comma-joins", async () => {
    const flo = requestsAs("flo-api");
    const scheduled = (
      await flo("POST", "/promotions", { body: promotionInput({ startsAt: at(1), endsAt: at(2) }) })
    ).body;
    await flo("POST", "/promotions", { body: promotionInput({ startsAt: at(-2), endsAt: at(-1) }) });
    const active = (await flo("POST", "/promotions", { body: promotionInput() })).body;
    const page = await flo("GET", "/promotions", { query: "status=active&status=scheduled" });
    expect(page.body.data.map((p: { id: string }) => p.id)).toEqual([active.id, scheduled.id]);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=abc", "limit"],
    ["status=paused", "status"],
    ["cursor=garbage", "cursor"],
  ])("answers 400 for %s", async (query, field) => {
    const answer = await ada("GET", "/promotions", { query });
    expect(answer.status).toBe(400);
    expect(answer.body.error.issues.map((i: { path: string }) => i.path.split(".")[0])).toContain(field);
  });

  it("lets an admin list every owner's promotions with owner=all", async () => {
    const other = (await requestsAs("other-api")("POST", "/promotions", { body: promotionInput() })).body;
    const admin = requestsAs("admin-api", { groups: ["admin", "editors"] });
    const answer = await admin("GET", "/promotions", { query: "owner=all&limit=100" });
    expect(answer.status).toBe(200);
    expect(answer.body.data.map((p: { id: string }) => p.id)).toContain(other.id);
  });

  it("answers 403 to owner=all from a non-admin", async () => {
    const answer = await requestsAs("editor-api", { groups: ["editors"] })("GET", "/promotions", {
      query: "owner=all",
    });
    expect(answer).toMatchObject({ status: 403, body: { error: { code: "admin_only" } } });
  });

  it("answers 403 insufficient_scope without promotions/read", async () => {
    const writer = requestsAs("writer-only", { scopes: ["promotions/write"] });
    const answer = await writer("GET", "/promotions");
    expect(answer).toMatchObject({ status: 403, body: { error: { code: "insufficient_scope" } } });
  });
});

describe("GET, PATCH and DELETE /promotions/{id}", () => {
  it("gets a promotion", async () => {
    const created = (await ada("POST", "/promotions", { body: promotionInput() })).body;
    expect(await ada("GET", `/promotions/${created.id}`)).toMatchObject({ status: 200, body: created });
  });

  it("patches the given fields", async () => {
    const created = (await ada("POST", "/promotions", { body: promotionInput() })).body;
    const answer = await ada("PATCH", `/promotions/${created.id}`, { body: { title: "Renamed" } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ...created, title: "Renamed", updatedAt: expect.any(String), version: 2 });
  });

  it("hands core the patch its validator parsed, so it is parsed once", async () => {
    const created = (await ada("POST", "/promotions", { body: promotionInput() })).body;
    const force = vi.spyOn(Promotion.update, "force");
    const answer = await ada("PATCH", `/promotions/${created.id}`, { body: { code: "  renamed-1 " } });
    expect(answer).toMatchObject({ status: 200, body: { code: "RENAMED-1" } });
    expect(force).toHaveBeenCalledTimes(1);
    expect(force).toHaveBeenCalledWith(created.id, { code: "RENAMED-1" }, {});
  });

  it("answers 400 to a patch that breaks the window, leaving the row unchanged", async () => {
    const created = (await ada("POST", "/promotions", { body: promotionInput() })).body;
    const answer = await ada("PATCH", `/promotions/${created.id}`, { body: { endsAt: at(-30) } });
    expect(answer).toMatchObject({ status: 400, body: { error: { issues: [{ path: "endsAt" }] } } });
    expect((await ada("GET", `/promotions/${created.id}`)).body).toEqual(created);
  });

  it("archives with DELETE, idempotently, and then refuses changes with 409", async () => {
    const created = (await ada("POST", "/promotions", { body: promotionInput() })).body;
    const first = await ada("DELETE", `/promotions/${created.id}`);
    expect(first).toMatchObject({ status: 200, body: { status: "archived" } });
    expect((await ada("DELETE", `/promotions/${created.id}`)).body).toEqual(first.body);
    const patch = await ada("PATCH", `/promotions/${created.id}`, { body: { title: "x" } });
    expect(patch).toMatchObject({ status: 409, body: { error: { code: "promotion_archived" } } });
  });

  it.each(["GET", "PATCH", "DELETE"])("%s of an unknown id answers 404", async (method) => {
    const answer = await ada(method, "/promotions/prm_01JDQ7Z8X5V3K2M4N6P8R0T2W4", {
      ...(method === "PATCH" ? { body: { title: "x" } } : {}),
    });
    expect(answer).toEqual({
      status: 404,
      headers: expect.any(Object),
      body: { error: { code: "promotion_not_found", message: "Promotion not found", issues: [] } },
    });
  });
});

describe("errors", () => {
  it("answers 503 with Retry-After when the database is down", async () => {
    const { closeDatabase } = await import("@promotions/core/drizzle/index");
    const saved = process.env.DATABASE_URL;
    await closeDatabase();
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:9/none";
    try {
      const answer = await ada("GET", "/promotions");
      expect(answer).toMatchObject({
        status: 503,
        headers: { "retry-after": "5" },
        body: { error: { code: "database_unavailable" } },
      });
    } finally {
      await closeDatabase();
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  it("answers an unexpected failure with 500, a request id and no internals", async () => {
    const { Promotion } = await import("@promotions/core/promotion");
    const { vi } = await import("vitest");
    const spy = vi.spyOn(Promotion, "get").mockRejectedValueOnce(new Error("secret connection string"));
    try {
      const event = apiEvent("GET", "/promotions/prm_01JDQ7Z8X5V3K2M4N6P8R0T2W4", {
        claims: (await import("../../../test/support/lambda")).authorizerClaims({ sub: "ada-api" }),
      });
      const answer = await invoke(event);
      expect(answer.status).toBe(500);
      expect(answer.body).toEqual({
        error: {
          code: "internal_error",
          message: "Something went wrong on our side",
          issues: [],
          requestId: event.requestContext.requestId,
        },
      });
      expect(JSON.stringify(answer.body)).not.toContain("secret");
    } finally {
      spy.mockRestore();
    }
  });

  it("answers 401 invalid_claims for an authorizer claim set without sub", async () => {
    const answer = await invoke(
      apiEvent("GET", "/promotions", { claims: { scope: "promotions/read", username: "x" } }),
    );
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatchObject({ code: "invalid_claims", issues: [{ path: "claims.sub" }] });
  });

  it("answers 401 invalid_claims for a malformed exp", async () => {
    const answer = await invoke(apiEvent("GET", "/promotions", { claims: { sub: "ada", exp: "soon" } }));
    expect(answer).toMatchObject({ status: 401, body: { error: { code: "invalid_claims" } } });
  });
});
