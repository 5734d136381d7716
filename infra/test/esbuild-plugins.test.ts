/**
 * infra/esbuild-plugins.mjs, plugin by plugin: each small program is bundled as the Lambda
 * bundles are (ESM for Node, the app's plugins) and run from a temp directory, so what a plugin
 * leaves out is shown gone, and what it puts in its place is shown to say so when called.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../lambda/artifact";

// Imported by URL: the plugins file is plain JavaScript outside this TypeScript project.
const plugins = (await import(pathToFileURL(join(repoRoot, "infra/esbuild-plugins.mjs")).href)) as {
  default: Plugin[];
};

const work = mkdtempSync(join(tmpdir(), "promotions-plugins-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Bundles `source` with the app's plugins; returns the bundle's text and its module. */
async function bundle(name: string, source: string) {
  const outfile = join(work, `${name}.mjs`);
  await build({
    stdin: { contents: source, resolveDir: repoRoot, loader: "js" },
    bundle: true,
    platform: "node",
    format: "esm",
    mainFields: ["module", "main"],
    outfile,
    plugins: plugins.default,
    logLevel: "silent",
  });
  return {
    text: readFileSync(outfile, "utf8"),
    module: (await import(pathToFileURL(outfile).href)) as Record<string, unknown>,
  };
}

describe("the Lambda bundles' esbuild plugins", () => {
  it("bundle zod's English locale alone", async () => {
    const { module } = await bundle(
      "zod",
      'import { z } from "zod/mini"; export const locales = Object.keys(z.locales);',
    );
    expect(module.locales).toEqual(["en"]);
  });

  it("leave drizzle's column-builder callback out, with a message saying to declare columns as an object", async () => {
    const { module } = await bundle(
      "drizzle",
      `import { pgTable, text } from "drizzle-orm/pg-core";
       export const asObject = () => pgTable("t", { id: text("id") });
       export const asCallback = () => pgTable("t", (t) => ({ id: t.text("id") }));`,
    );
    expect(() => (module.asObject as () => unknown)()).not.toThrow();
    expect(() => (module.asCallback as () => unknown)()).toThrow(
      "pgTable(name, (t) => …) is left out of the Lambda bundles (infra/esbuild-plugins.mjs): declare the columns as an object",
    );
  });

  it("leave postgres.js's logical replication and large objects out; a client still ends", async () => {
    const { text, module } = await bundle(
      "postgres",
      `import postgres from "postgres";
       export const sql = postgres("postgres://nobody@127.0.0.1:9/none", { max: 1 });`,
    );
    // The replication protocol's and the large-object API's own SQL.
    expect(text).not.toContain("pgoutput");
    expect(text).not.toContain("lo_creat");
    const sql = module.sql as {
      subscribe: (event: string, fn: () => void) => Promise<unknown>;
      largeObject: () => Promise<unknown>;
      end: () => Promise<void>;
    };
    await expect(sql.subscribe("*", () => {})).rejects.toThrow(
      "postgres.js's sql.subscribe (logical replication) is left out of the Lambda bundles (infra/esbuild-plugins.mjs)",
    );
    await expect(sql.largeObject()).rejects.toThrow(
      "postgres.js's sql.largeObject is left out of the Lambda bundles (infra/esbuild-plugins.mjs)",
    );
    await expect(sql.end()).resolves.toBeUndefined();
  });

  it("hand on Node's globals for process and node:timers, instead of loading those modules", async () => {
    const { text, module } = await bundle(
      "builtins",
      `import process, { env } from "process";
       import { setTimeout, clearTimeout } from "node:timers";
       export { process, env, setTimeout, clearTimeout };`,
    );
    expect(text).not.toMatch(/from\s*"(node:)?(process|timers)"/);
    expect(module.process).toBe(globalThis.process);
    expect(module.env).toBe(globalThis.process.env);
    expect(module.setTimeout).toBe(globalThis.setTimeout);
    expect(module.clearTimeout).toBe(globalThis.clearTimeout);
  });

  it("fail the build when a dependency imports a name of process that they do not hand on", async () => {
    await expect(bundle("builtins-missing", 'export { argv } from "node:process";')).rejects.toThrow(
      /No matching export in "builtins-from-globals:process" for import "argv"/,
    );
  });
});
