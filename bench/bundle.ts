import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { zodEnglishOnly } from "../infra/esbuild-plugins.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Swaps packages/core/src/context.ts for the AsyncLocalStorage-free baseline. */
const explicitContext: Plugin = {
  name: "explicit-context",
  setup(b) {
    b.onResolve({ filter: /\/context$/ }, (args) =>
      args.importer.includes("/packages/") && !args.importer.endsWith("context-explicit.ts")
        ? { path: `${root}bench/context-explicit.ts` }
        : undefined,
    );
  },
};

/**
 * Bundles an entry the way SST bundles a Node.js function: esbuild, ESM, minified, Node 24,
 * ESM builds of dependencies first, PGlite left out. Returns the bundle's size in bytes.
 */
export async function bundle(entry: string, outfile: string, options: { explicitContext?: boolean } = {}) {
  const result = await build({
    entryPoints: [`${root}${entry}`],
    outfile: `${root}${outfile}`,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node24",
    minify: true,
    mainFields: ["module", "main"],
    external: ["@electric-sql/pglite"],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [zodEnglishOnly() as Plugin, ...(options.explicitContext ? [explicitContext] : [])],
    metafile: true,
    logLevel: "error",
  });
  return Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
}
