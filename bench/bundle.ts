import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { defaultProperties, sstEsbuildOptions } from "../infra/lambda/artifact";
import { functionDefaults } from "../infra/lambda/function-defaults";

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
 * Bundles an entry exactly as SST bundles this app's functions for a deploy: the artifact
 * builder's esbuild options (infra/lambda/artifact.ts, which follows SST's Node builder) with the
 * app's function defaults. Returns the size in bytes of what Lambda would load (the source map,
 * which SST leaves out of the zip, not counted).
 */
export async function bundle(entry: string, outfile: string, options: { explicitContext?: boolean } = {}) {
  const esbuildOptions = await sstEsbuildOptions(
    {
      handler: entry.replace(/\.ts$/, ".handler"),
      runtime: functionDefaults.runtime,
      properties: defaultProperties(),
    },
    { root, outfile: `${root}${outfile}` },
  );
  const result = await build({
    ...esbuildOptions,
    plugins: [...(esbuildOptions.plugins ?? []), ...(options.explicitContext ? [explicitContext] : [])],
    logLevel: "error",
  });
  return Object.entries(result.metafile?.outputs ?? {})
    .filter(([file]) => !file.endsWith(".map"))
    .reduce((sum, [, output]) => sum + output.bytes, 0);
}
