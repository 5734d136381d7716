/**
 * infra/esbuild-plugins.mjs, plugin by plugin: each small program is bundled as the Lambda
 * bundles are (ESM for Node, the app's plugins) and run from a temp directory, so what a plugin
 * leaves out is shown gone, and what it puts in its place is shown to say so when called.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
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

  it("hand SST's link and middy Node's globals, instead of loading process and node:timers", async () => {
    const { text, module } = await bundle(
      "builtins",
      `export { Resource } from "sst/resource";
       import middy from "@middy/core";
       export const handler = middy().handler(async () => "answered");`,
    );
    expect(text).not.toMatch(/from\s*"(node:)?(process|timers)"/);
    // middy arms its early timeout with the imported setTimeout whenever Lambda's context has a deadline.
    const handler = module.handler as (event: unknown, context: unknown) => Promise<unknown>;
    await expect(handler({}, { getRemainingTimeInMillis: () => 10_000 })).resolves.toBe("answered");
  });

  it("leave every other import of process and node:timers to Node", async () => {
    const { text, module } = await bundle(
      "builtins-elsewhere",
      `import * as processModule from "node:process";
       import * as timers from "node:timers";
       export const nextTick = processModule.nextTick;
       export const promises = timers.promises;`,
    );
    expect(text).toContain('from "node:process"');
    expect(module.nextTick).toBe(process.nextTick);
    expect(module.promises).toBe((await import("node:timers")).promises);
  });

  it("fail the build when SST's link or middy imports a name they do not hand on", async () => {
    const middy = join(work, "node_modules/@middy/core/index.js");
    mkdirSync(dirname(middy), { recursive: true });
    writeFileSync(middy, 'import { setInterval } from "node:timers";\nexport const every = setInterval;\n');
    await expect(
      bundle("builtins-missing", `export { every } from ${JSON.stringify(middy)};`),
    ).rejects.toThrow(/No matching export in "builtins-from-globals:timers" for import "setInterval"/);
  });
});
