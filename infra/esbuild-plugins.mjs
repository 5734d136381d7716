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

export default [zodEnglishOnly(), drizzleColumnsAsObject()];
