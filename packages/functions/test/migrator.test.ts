import { describe, expect, it } from "vitest";
import { handler } from "../src/migrator";

describe("migrator handler", () => {
  it("applies migrations and can run again", async () => {
    await expect(handler()).resolves.toEqual({ migrated: true });
    await expect(handler()).resolves.toEqual({ migrated: true });
  });
});
