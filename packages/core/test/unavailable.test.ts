import { afterEach, describe, expect, it } from "vitest";
import { asUser, promotionInput } from "../../../test/support/core";
import { closeDatabase } from "../src/drizzle/index";
import { VisibleError } from "../src/error";
import { Promotion } from "../src/promotion";

describe("database outage", () => {
  const original = { ...process.env };
  afterEach(async () => {
    await closeDatabase();
    process.env = { ...original };
  });

  it("surfaces an unreachable PostgreSQL as an unavailable error, not a driver error", async () => {
    await closeDatabase();
    // Port 9 (discard) has nothing listening on loopback: the connection is refused.
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:9/none";
    const error = await asUser("ada", () => Promotion.create(promotionInput())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VisibleError);
    expect(error).toMatchObject({ kind: "unavailable", code: "database_unavailable" });
  });

  it("surfaces a failing read the same way", async () => {
    await closeDatabase();
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:9/none";
    const error = await asUser("ada", () => Promotion.list({})).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "unavailable", code: "database_unavailable" });
  });
});
