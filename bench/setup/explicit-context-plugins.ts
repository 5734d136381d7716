/**
 * The esbuild plugins file (SST's `nodejs.plugins`) of the API built without AsyncLocalStorage:
 * the app's own plugins, plus one that swaps packages/core/src/context.ts for
 * bench/context-explicit.ts. The artifact builder imports it by path, as SST does.
 */
import type { Plugin } from "esbuild";

const contextExplicit = new URL("../context-explicit.ts", import.meta.url).pathname;

const explicitContext: Plugin = {
  name: "explicit-context",
  setup(build) {
    build.onResolve({ filter: /\/context$/ }, (args) =>
      args.importer.includes("/packages/") ? { path: contextExplicit } : undefined,
    );
  },
};

// Imported by URL: the plugins file is plain JavaScript outside this TypeScript project.
const app = (await import(new URL("../../infra/esbuild-plugins.mjs", import.meta.url).href)) as {
  default: Plugin[];
};

export default [...app.default, explicitContext];
