/**
 * The promotion schemas' one promise beyond validation (which promotion.test.ts and the API tests
 * cover): a process builds the write schemas only when it first validates a write, and once, and
 * the answers' schemas only when something reads them. Built, they register their OpenAPI ids in
 * zod's global registry (one per process, on globalThis), and the write schemas ask Intl for its
 * currency list: both are watched.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as z from "zod/mini";

const write = {
  title: "Winter sale",
  code: "winter-25",
  discount: { type: "amount", value: 500, currency: "EUR" },
  startsAt: "2026-12-01T00:00:00Z",
  endsAt: "2026-12-31T00:00:00Z",
};

describe("the promotion schemas", () => {
  beforeEach(() => {
    vi.resetModules();
    vi.spyOn(Intl, "supportedValuesOf");
    vi.spyOn(z.globalRegistry, "add");
  });
  afterEach(() => vi.restoreAllMocks());

  const writeIds = ["Discount", "CreatePromotion", "UpdatePromotion"];
  const answerIds = ["Promotion", "PromotionPage"];
  const registeredIds = (ids: string[]) =>
    vi
      .mocked(z.globalRegistry.add)
      .mock.calls.map(([, meta]) => (meta as { id?: string } | undefined)?.id)
      .filter((id) => id !== undefined && ids.includes(id));

  it("build no write or answer schema at import, nor to validate a list", async () => {
    const schema = await import("../src/promotion/promotion.schema");
    expect(z.parse(schema.ListInput, { limit: "5", status: "active,expired" })).toEqual({
      limit: 5,
      status: ["active", "expired"],
      owner: "me",
    });
    expect(registeredIds([...writeIds, ...answerIds])).toEqual([]);
    expect(Intl.supportedValuesOf).not.toHaveBeenCalled();
  });

  it("build the write schemas at the first write validated, once for creates and updates alike", async () => {
    const schema = await import("../src/promotion/promotion.schema");
    expect(z.parse(schema.CreateInput, write)).toMatchObject({ code: "WINTER-25" });
    expect(z.parse(schema.UpdateInput, { discount: write.discount })).toEqual({ discount: write.discount });
    expect(z.safeParse(schema.Discount, { type: "amount", value: 1, currency: "XXY" }).success).toBe(false);
    expect(registeredIds(writeIds).sort()).toEqual([...writeIds].sort());
    expect(Intl.supportedValuesOf).toHaveBeenCalledTimes(1);
  });
});
