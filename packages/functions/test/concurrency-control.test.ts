import { database } from "@promotions/core/drizzle/index";
import { idempotencyKeyTable } from "@promotions/core/idempotency/idempotency.sql";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { promotionInput } from "../../../test/support/core";
import { requestsAs } from "../../../test/support/lambda";

describe("ETag and If-Match", () => {
  const editor = requestsAs("etag-editor");

  it("gives every promotion answer the promotion's version as a strong ETag", async () => {
    const created = await editor("POST", "/promotions", { body: promotionInput() });
    expect(created.headers.etag).toBe('"1"');
    expect((await editor("GET", `/promotions/${created.body.id}`)).headers.etag).toBe('"1"');
    const patched = await editor("PATCH", `/promotions/${created.body.id}`, { body: { title: "Renamed" } });
    expect(patched.headers.etag).toBe('"2"');
    expect((await editor("DELETE", `/promotions/${created.body.id}`)).headers.etag).toBe('"3"');
  });

  it("applies a PATCH whose If-Match names the current version", async () => {
    const { body: created } = await editor("POST", "/promotions", { body: promotionInput() });
    const answer = await editor("PATCH", `/promotions/${created.id}`, {
      headers: { "if-match": '"1"' },
      body: { title: "Mine" },
    });
    expect(answer).toMatchObject({ status: 200, body: { title: "Mine", version: 2 } });
  });

  it("answers 412 to a PATCH with a stale If-Match and changes nothing", async () => {
    const { body: created } = await editor("POST", "/promotions", { body: promotionInput() });
    await editor("PATCH", `/promotions/${created.id}`, { body: { title: "Theirs" } });
    const answer = await editor("PATCH", `/promotions/${created.id}`, {
      headers: { "if-match": '"1"' },
      body: { title: "Mine" },
    });
    expect(answer.status).toBe(412);
    expect(answer.body.error).toMatchObject({
      code: "promotion_changed",
      issues: [{ path: "If-Match", message: "The current version is 2" }],
    });
    expect((await editor("GET", `/promotions/${created.id}`)).body).toMatchObject({
      title: "Theirs",
      version: 2,
    });
  });

  it("answers 412 to a DELETE with a stale If-Match and leaves the promotion live", async () => {
    const { body: created } = await editor("POST", "/promotions", { body: promotionInput() });
    await editor("PATCH", `/promotions/${created.id}`, { body: { title: "Theirs" } });
    const answer = await editor("DELETE", `/promotions/${created.id}`, { headers: { "if-match": '"1"' } });
    expect(answer.status).toBe(412);
    expect((await editor("GET", `/promotions/${created.id}`)).body.archivedAt).toBeNull();
  });

  it("matches any version with If-Match: *, one of a list, and never a weak tag", async () => {
    const { body: created } = await editor("POST", "/promotions", { body: promotionInput() });
    const patch = (ifMatch: string) =>
      editor("PATCH", `/promotions/${created.id}`, {
        headers: { "if-match": ifMatch },
        body: { title: ifMatch },
      });
    expect((await patch("*")).status).toBe(200);
    expect((await patch('"7", "2"')).status).toBe(200);
    expect((await patch('W/"3"')).status).toBe(412);
  });
});

describe("Idempotency-Key on POST /promotions", () => {
  it("replays the first answer for the same key and body: same status, body and headers, one promotion", async () => {
    const client = requestsAs("idem-replay");
    const body = promotionInput();
    const headers = { "idempotency-key": "4f1e7c1e-0d1f-4a51-9a8e-3f0e2b9c8d7a" };
    const first = await client("POST", "/promotions", { headers, body });
    const again = await client("POST", "/promotions", { headers, body });
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: first.body });
    expect(again.headers).toMatchObject({
      location: first.headers.location,
      etag: first.headers.etag,
      "idempotent-replayed": "true",
    });
    expect((await client("GET", "/promotions")).body.data).toHaveLength(1);
  });

  it("treats the same input spelt differently as the same body", async () => {
    const client = requestsAs("idem-spelling");
    const body = promotionInput({ code: "spelt" });
    const headers = { "idempotency-key": "spelling-1" };
    const first = await client("POST", "/promotions", { headers, body });
    const reordered = Object.fromEntries(Object.entries({ ...body, code: "SPELT" }).reverse());
    const again = await client("POST", "/promotions", { headers, body: reordered });
    expect(again).toMatchObject({ status: 201, body: first.body });
  });

  it("answers 422 to the same key with another body, and writes nothing", async () => {
    const client = requestsAs("idem-reuse");
    const headers = { "idempotency-key": "reused-key" };
    await client("POST", "/promotions", { headers, body: promotionInput({ title: "First" }) });
    const answer = await client("POST", "/promotions", {
      headers,
      body: promotionInput({ title: "Second" }),
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe("idempotency_key_reused");
    expect((await client("GET", "/promotions")).body.data.map((p: { title: string }) => p.title)).toEqual([
      "First",
    ]);
  });

  it("answers 409 while a request with the key is still in flight", async () => {
    const client = requestsAs("idem-flight");
    const body = promotionInput();
    const { fingerprint } = await import("@promotions/core/idempotency/idempotency");
    const { CreateInput } = await import("@promotions/core/promotion/schema");
    await database()
      .insert(idempotencyKeyTable)
      .values({
        ownerSub: "idem-flight",
        key: "in-flight",
        fingerprint: fingerprint(CreateInput.parse(body)),
        lockedUntil: sql`now() + interval '1 minute'`,
        expiresAt: sql`now() + interval '1 day'`,
      });
    const answer = await client("POST", "/promotions", { headers: { "idempotency-key": "in-flight" }, body });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe("idempotency_key_in_flight");
    expect((await client("GET", "/promotions")).body.data).toEqual([]);
  });

  it("lets the key be used again after a request that failed, and after one abandoned past its lease", async () => {
    const client = requestsAs("idem-failed");
    const headers = { "idempotency-key": "after-failure" };
    const taken = promotionInput({ code: "TAKEN" });
    await client("POST", "/promotions", { body: taken });
    expect((await client("POST", "/promotions", { headers, body: taken })).status).toBe(409);
    expect(
      (await client("POST", "/promotions", { headers, body: promotionInput({ code: "FREE" }) })).status,
    ).toBe(201);

    await database()
      .insert(idempotencyKeyTable)
      .values({
        ownerSub: "idem-failed",
        key: "abandoned",
        fingerprint: "0".repeat(64),
        lockedUntil: sql`now() - interval '1 second'`,
        expiresAt: sql`now() + interval '1 day'`,
      });
    const answer = await client("POST", "/promotions", {
      headers: { "idempotency-key": "abandoned" },
      body: promotionInput(),
    });
    expect(answer.status).toBe(201);
  });

  it("keeps each caller's keys apart", async () => {
    const headers = { "idempotency-key": "shared-key" };
    const first = await requestsAs("idem-one")("POST", "/promotions", { headers, body: promotionInput() });
    const second = await requestsAs("idem-two")("POST", "/promotions", { headers, body: promotionInput() });
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("answers 400 naming the header for a key that is too long or holds a control character", async () => {
    const client = requestsAs("idem-invalid");
    for (const key of ["x".repeat(256), "tab\tkey"]) {
      const answer = await client("POST", "/promotions", {
        headers: { "idempotency-key": key },
        body: promotionInput(),
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.issues[0].path).toBe("idempotency-key");
    }
    expect((await client("GET", "/promotions")).body.data).toEqual([]);
  });
});
