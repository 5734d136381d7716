/**
 * esbuild plugins for the Lambda bundles (infra/*.ts `nodejs.plugins`, and `npm run bench`).
 *
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

export default [zodEnglishOnly()];
