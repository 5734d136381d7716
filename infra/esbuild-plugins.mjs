/**
 * esbuild plugins for the Lambda bundles (infra/*.ts `nodejs.plugins`, the artifact tests and
 * `npm run bench`): each leaves out code the functions never run but would parse at every cold
 * start. The artifact tests build with these plugins and run the result, so a plugin that left out
 * something needed fails them.
 */

/**
 * zod v4's `z` namespace re-exports every locale (`z.locales`), so any `z.` import bundles all
 * of them: about 260 KB of minified code that Lambda parses on every cold start. The API only
 * speaks English, so zod's locale index is replaced by one that exports `en` alone.
 */
export function zodEnglishOnly() {
  return {
    name: "zod-english-only",
    setup(build) {
      build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
        args.importer.includes("/zod/")
          ? { path: "zod-locales-en", namespace: "zod-english-only" }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: "zod-english-only" }, () => ({
        contents: 'export { default as en } from "zod/v4/locales/en.js";',
        resolveDir: process.cwd(),
      }));
    },
  };
}

/**
 * drizzle's `pgTable` imports every PostgreSQL column type (point, line, vector, PostGIS, …,
 * ~11 kB minified) for one feature: a callback that receives the column builders,
 * `pgTable(name, (t) => ({ … }))`. This app declares its columns as an object and imports each
 * builder it uses, so the callback's builder set is replaced by a function that says what to do.
 */
export function drizzleColumnsAsObject() {
  return {
    name: "drizzle-columns-as-object",
    setup(build) {
      build.onResolve({ filter: /\/columns\/all\.js$/ }, (args) =>
        args.importer.includes("/drizzle-orm/pg-core/")
          ? { path: "drizzle-pg-column-builders", namespace: "drizzle-columns-as-object" }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: "drizzle-columns-as-object" }, () => ({
        contents: `export function getPgColumnBuilders() {
          throw new Error("pgTable(name, (t) => …) is left out of the Lambda bundles (infra/esbuild-plugins.mjs): declare the columns as an object");
        }`,
      }));
    },
  };
}

/**
 * postgres.js builds `sql.subscribe` (logical replication) and `sql.largeObject` into every
 * client, and `postgres()` creates a second, idle client for subscriptions each time it is
 * called: 5.1 kB of minified bundle that these functions never run. Both are replaced by
 * functions that say what to do; `sql.end()` still works, as it only ends a subscription client
 * that exists.
 */
export function postgresQueriesOnly() {
  const leftOut = (what) =>
    `throw new Error("postgres.js's ${what} is left out of the Lambda bundles (infra/esbuild-plugins.mjs)");`;
  return {
    name: "postgres-queries-only",
    setup(build) {
      build.onResolve({ filter: /^\.\/(subscribe|large)\.js$/ }, (args) =>
        /\/postgres\/(src|cjs\/src)\//.test(args.importer)
          ? { path: args.path.slice(2, -3), namespace: "postgres-queries-only" }
          : undefined,
      );
      build.onLoad({ filter: /^subscribe$/, namespace: "postgres-queries-only" }, () => ({
        contents: `export default function Subscribe() {
          return async function subscribe() { ${leftOut("sql.subscribe (logical replication)")} };
        }`,
      }));
      build.onLoad({ filter: /^large$/, namespace: "postgres-queries-only" }, () => ({
        contents: `export default async function largeObject() { ${leftOut("sql.largeObject")} }`,
      }));
    },
  };
}

/**
 * SST's resource loader imports `env` from "process" and middy imports `setTimeout` from
 * "node:timers". An ES import of a Node built-in builds a namespace of everything it exports, so
 * the first runs the getters that load `process.report` and `process.finalization`, and the second
 * loads timers/promises: modules these functions never use. Lambda starts Node with --expose-gc,
 * which turns off Node's code cache of its own modules, so each would be compiled from source at
 * every cold start. For those two importers only, the import is served by a module that hands on
 * Node's globals, the very same objects, and nothing else: if either starts importing another
 * name, the build fails. Every other import of these built-ins, and every `require`, gets Node's.
 */
export function builtinsFromGlobals() {
  const importers = /\/node_modules\/(sst\/dist\/resource\/|@middy\/core\/)/;
  const modules = {
    process: "export const env = globalThis.process.env;",
    timers: "export const { setTimeout } = globalThis;",
  };
  return {
    name: "builtins-from-globals",
    setup(build) {
      build.onResolve({ filter: /^(node:)?(process|timers)$/ }, (args) =>
        args.kind === "import-statement" && importers.test(args.importer.replaceAll("\\", "/"))
          ? { path: args.path.replace(/^node:/, ""), namespace: "builtins-from-globals" }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: "builtins-from-globals" }, (args) => ({
        contents: modules[args.path],
      }));
    },
  };
}

export default [zodEnglishOnly(), drizzleColumnsAsObject(), postgresQueriesOnly(), builtinsFromGlobals()];
