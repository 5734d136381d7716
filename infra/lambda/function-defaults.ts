/**
 * What every Lambda function of this app gets unless it says otherwise, in one plain module (no
 * SST globals): sst.config.ts applies it to every `sst.aws.Function` with `$transform`, and the
 * artifact builder (artifact.ts beside it, used by the artifact tests and `npm run bench`) builds
 * with the very same options.
 */
export const functionDefaults = {
  runtime: "nodejs24.x",
  architecture: "arm64",
  nodejs: {
    // SST's builder minifies only when `minify` is set (pkg/runtime/node/build.go reads a Go bool
    // that is false when absent), although function.ts documents `true` as the default.
    minify: true,
    esbuild: {
      // ESM builds of dependencies first: they tree-shake better (SST's default too, stated here
      // so that the artifact builder does not depend on knowing it).
      mainFields: ["module", "main"],
      // SST keeps every function's and class's name by default: a `__name()` call per definition,
      // 18 KB of the API's bundle and work at every cold start. Nothing here reads a minified
      // name; the app's own errors set theirs explicitly, so the logs still say which error.
      keepNames: false,
    },
    // What the bundles leave out of zod, drizzle and postgres.js (see the file). Relative to sst.config.ts.
    plugins: "infra/esbuild-plugins.mjs",
  },
} as const;
