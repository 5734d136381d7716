import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../", import.meta.url).pathname;
const tracked = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter((file) => file && file !== "package-lock.json" && !file.startsWith("patches/"));

describe("the repository", () => {
  it("reads and links nothing beside itself: a clone is all a user has", () => {
    const outside = tracked.filter((file) => {
      const text = readFileSync(`${root}${file}`, "utf8");
      return /\.\.\/(\.\.\/)*shared\//.test(text);
    });
    expect(outside).toEqual([]);
  });

  it("has a clean dependency tree: nothing extraneous, missing or invalid (npm ls)", () => {
    const result = spawnSync("npm", ["ls"], { cwd: root, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
