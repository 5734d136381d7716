import { describe, expect, it } from "vitest";
import { asUser, promotionInput } from "../../../test/support/core";
import { VisibleError } from "../src/error";
import { Promotion } from "../src/promotion";

const day = 24 * 60 * 60 * 1000;
const at = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();

async function rejection(promise: Promise<unknown>): Promise<VisibleError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof VisibleError)) throw new Error(`expected a VisibleError, got ${String(error)}`);
  return error;
}

describe("Promotion.create", () => {
  it("stores the promotion for the caller and returns its API view", async () => {
    const input = promotionInput({ code: "winter-25" });
    const created = await asUser("ada", () => Promotion.create(input));
    expect(created).toEqual({
      id: expect.stringMatching(/^prm_[0-9A-HJKMNP-TV-Z]{26}$/),
      ownerSub: "ada",
      title: "Winter sale",
      description: "25% off everything",
      code: "WINTER-25",
      discount: { type: "percent", value: 25 },
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      status: "active",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      archivedAt: null,
      createdBy: "ada",
      updatedBy: "ada",
      version: 1,
    });
    expect(await asUser("ada", () => Promotion.get(created.id))).toEqual(created);
  });

  it("stores an amount discount with its currency", async () => {
    const created = await asUser("ada", () =>
      Promotion.create(promotionInput({ discount: { type: "amount", value: 500, currency: "EUR" } })),
    );
    expect(created.discount).toEqual({ type: "amount", value: 500, currency: "EUR" });
  });

  it("derives scheduled and expired from the dates", async () => {
    const scheduled = await asUser("ada", () =>
      Promotion.create(promotionInput({ startsAt: at(1), endsAt: at(2) })),
    );
    const expired = await asUser("ada", () =>
      Promotion.create(promotionInput({ startsAt: at(-2), endsAt: at(-1) })),
    );
    expect(scheduled.status).toBe("scheduled");
    expect(expired.status).toBe("expired");
  });

  it.each([
    ["an empty title", { title: "  " }, "title"],
    ["a title over 120 characters", { title: "x".repeat(121) }, "title"],
    ["a description over 2000 characters", { description: "x".repeat(2001) }, "description"],
    ["a code with spaces", { code: "WINTER 25" }, "code"],
    ["a code shorter than 3", { code: "AB" }, "code"],
    ["a code longer than 32", { code: "A".repeat(33) }, "code"],
    ["a percent above 100", { discount: { type: "percent", value: 101 } }, "discount.value"],
    ["a percent of 0", { discount: { type: "percent", value: 0 } }, "discount.value"],
    ["a fractional percent", { discount: { type: "percent", value: 2.5 } }, "discount.value"],
    ["a zero amount", { discount: { type: "amount", value: 0, currency: "EUR" } }, "discount.value"],
    [
      "an unknown currency",
      { discount: { type: "amount", value: 5, currency: "EURO" } },
      "discount.currency",
    ],
    ["an amount without currency", { discount: { type: "amount", value: 5 } }, "discount.currency"],
    ["an unknown discount type", { discount: { type: "bogo", value: 1 } }, "discount.type"],
    ["a date without offset", { startsAt: "2026-12-01T00:00:00" }, "startsAt"],
    ["endsAt before startsAt", { startsAt: at(2), endsAt: at(1) }, "endsAt"],
    ["endsAt equal to startsAt", { startsAt: at(1), endsAt: at(1) }, "endsAt"],
    ["a server-owned field", { ownerSub: "mallory" }, ""],
    ["a createdBy", { createdBy: "mallory" }, ""],
  ])("rejects %s with an input error on that field, writing nothing", async (_, change, path) => {
    const error = await rejection(asUser("val", () => Promotion.create(promotionInput(change))));
    expect(error.kind).toBe("input");
    expect(error.issues.map((issue) => issue.path)).toContain(path);
    expect((await asUser("val", () => Promotion.list({}))).data).toEqual([]);
  });

  it("reports every failing field at once", async () => {
    const error = await rejection(
      asUser("val", () => Promotion.create({ ...promotionInput(), title: "", code: "x" })),
    );
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["code", "title"]);
  });

  it("rejects a duplicate code for the same owner as a conflict on code", async () => {
    await asUser("ada", () => Promotion.create(promotionInput({ code: "DUP-1" })));
    const error = await rejection(asUser("ada", () => Promotion.create(promotionInput({ code: "dup-1" }))));
    expect(error).toMatchObject({ kind: "conflict", code: "promotion_code_taken" });
    expect(error.issues).toEqual([{ path: "code", message: expect.any(String) }]);
  });

  it("lets two owners use the same code", async () => {
    await asUser("ada", () => Promotion.create(promotionInput({ code: "SHARED" })));
    const other = await asUser("bob", () => Promotion.create(promotionInput({ code: "SHARED" })));
    expect(other.code).toBe("SHARED");
  });

  it("frees a code once its promotion is archived", async () => {
    const first = await asUser("ada", () => Promotion.create(promotionInput({ code: "REUSE" })));
    await asUser("ada", () => Promotion.archive(first.id));
    const second = await asUser("ada", () => Promotion.create(promotionInput({ code: "REUSE" })));
    expect(second.code).toBe("REUSE");
  });

  it("needs a user: a public caller gets an auth error", async () => {
    const { withActor } = await import("../src/actor");
    const error = await rejection(withActor({ type: "public" }, () => Promotion.create(promotionInput())));
    expect(error.kind).toBe("auth");
  });
});

describe("Promotion.update", () => {
  it("changes only the given fields and records who changed it", async () => {
    const created = await asUser("ada", () => Promotion.create(promotionInput()));
    const updated = await asUser("ada", () =>
      Promotion.update(created.id, {
        title: "Bigger sale",
        discount: { type: "amount", value: 1000, currency: "USD" },
      }),
    );
    expect(updated).toEqual({
      ...created,
      title: "Bigger sale",
      discount: { type: "amount", value: 1000, currency: "USD" },
      updatedAt: expect.any(String),
      version: 2,
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
  });

  it("checks the window against the stored dates", async () => {
    const created = await asUser("ada", () =>
      Promotion.create(promotionInput({ startsAt: at(1), endsAt: at(5) })),
    );
    const error = await rejection(asUser("ada", () => Promotion.update(created.id, { endsAt: at(0) })));
    expect(error.kind).toBe("input");
    expect(error.issues).toEqual([{ path: "endsAt", message: "endsAt must be after startsAt" }]);
    expect(await asUser("ada", () => Promotion.get(created.id))).toEqual(created);
  });

  it("rejects an empty patch", async () => {
    const created = await asUser("ada", () => Promotion.create(promotionInput()));
    const error = await rejection(asUser("ada", () => Promotion.update(created.id, {})));
    expect(error.kind).toBe("input");
  });

  it("rejects a code another of the owner's promotions holds", async () => {
    await asUser("ada", () => Promotion.create(promotionInput({ code: "TAKEN" })));
    const other = await asUser("ada", () => Promotion.create(promotionInput()));
    const error = await rejection(asUser("ada", () => Promotion.update(other.id, { code: "TAKEN" })));
    expect(error).toMatchObject({ kind: "conflict", code: "promotion_code_taken" });
  });

  it("refuses to change an archived promotion", async () => {
    const created = await asUser("ada", () => Promotion.create(promotionInput()));
    await asUser("ada", () => Promotion.archive(created.id));
    const error = await rejection(asUser("ada", () => Promotion.update(created.id, { title: "Again" })));
    expect(error).toMatchObject({ kind: "conflict", code: "promotion_archived" });
  });

  it("treats an unknown or malformed id as not found", async () => {
    for (const id of ["prm_01JDQ7Z8X5V3K2M4N6P8R0T2W4", "nope", "prm_' or 1=1 --"]) {
      const error = await rejection(asUser("ada", () => Promotion.update(id, { title: "x" })));
      expect(error).toMatchObject({ kind: "not_found", code: "promotion_not_found" });
    }
  });
});

describe("Promotion.archive", () => {
  it("archives, and archiving again returns the same archived promotion", async () => {
    const created = await asUser("ada", () => Promotion.create(promotionInput()));
    const archived = await asUser("ada", () => Promotion.archive(created.id));
    expect(archived).toMatchObject({ id: created.id, status: "archived", archivedAt: expect.any(String) });
    expect(await asUser("ada", () => Promotion.archive(created.id))).toEqual(archived);
  });
});

describe("Promotion.list", () => {
  it("lists newest first and walks every page exactly once", async () => {
    const ids: string[] = [];
    for (let n = 0; n < 7; n++) ids.push((await asUser("pat", () => Promotion.create(promotionInput()))).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await asUser("pat", () => Promotion.list({ limit: 3, cursor }));
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it("is stable when promotions are created between pages", async () => {
    const ids: string[] = [];
    for (let n = 0; n < 4; n++) ids.push((await asUser("sam", () => Promotion.create(promotionInput()))).id);
    const first = await asUser("sam", () => Promotion.list({ limit: 2 }));
    await asUser("sam", () => Promotion.create(promotionInput()));
    const second = await asUser("sam", () => Promotion.list({ limit: 2, cursor: first.nextCursor ?? "" }));
    expect([...first.data, ...second.data].map((p) => p.id)).toEqual([...ids].reverse());
    expect(second.nextCursor).toBeNull();
  });

  it("filters by one or several statuses and hides archived ones by default", async () => {
    const make = (change: Record<string, unknown>) =>
      asUser("flo", () => Promotion.create(promotionInput(change)));
    const active = await make({});
    const scheduled = await make({ startsAt: at(1), endsAt: at(2) });
    const expired = await make({ startsAt: at(-2), endsAt: at(-1) });
    const archived = await make({});
    await asUser("flo", () => Promotion.archive(archived.id));
    const ids = async (status?: Promotion.ListInput["status"]) =>
      (await asUser("flo", () => Promotion.list({ status }))).data.map((p) => p.id);
    expect(await ids()).toEqual([expired.id, scheduled.id, active.id]);
    expect(await ids("active")).toEqual([active.id]);
    expect(await ids("active,scheduled")).toEqual([scheduled.id, active.id]);
    expect(await ids(["expired"])).toEqual([expired.id]);
    expect(await ids("archived")).toEqual([archived.id]);
    expect(await ids("expired,scheduled,active")).toEqual([expired.id, scheduled.id, active.id]);
    expect(await ids("active,archived,expired,scheduled")).toEqual([
      archived.id,
      expired.id,
      scheduled.id,
      active.id,
    ]);
    expect(await ids("archived,active")).toEqual([archived.id, active.id]);
  });

  it("defaults to 20 per page", async () => {
    for (let n = 0; n < 21; n++) await asUser("max", () => Promotion.create(promotionInput()));
    const page = await asUser("max", () => Promotion.list({}));
    expect(page.data).toHaveLength(20);
    expect(page.nextCursor).not.toBeNull();
  });

  it.each([
    ["limit 0", { limit: 0 }, "limit"],
    ["limit 101", { limit: 101 }, "limit"],
    ["a non-numeric limit", { limit: "ten" }, "limit"],
    ["an unknown status", { status: "paused" }, "status"],
    ["a forged cursor", { cursor: "bm90LWFuLWlk" }, "cursor"],
    ["an unknown owner filter", { owner: "bob" }, "owner"],
  ])("rejects %s as an input error on that field", async (_, input, path) => {
    const error = await rejection(asUser("ada", () => Promotion.list(input as Promotion.ListInput)));
    expect(error.kind).toBe("input");
    expect(error.issues.map((issue) => issue.path.split(".")[0])).toContain(path);
  });

  it("lists every owner's promotions for an admin with owner=all", async () => {
    const mine = await asUser("root", () => Promotion.create(promotionInput()));
    const theirs = await asUser("eve", () => Promotion.create(promotionInput()));
    const page = await asUser("root", () => Promotion.list({ owner: "all", limit: 100 }), {
      groups: ["admin"],
    });
    expect(page.data.map((p) => p.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it("forbids owner=all to a non-admin", async () => {
    const error = await rejection(
      asUser("eve", () => Promotion.list({ owner: "all" }), { groups: ["editors"] }),
    );
    expect(error).toMatchObject({ kind: "forbidden", code: "admin_only" });
  });
});
