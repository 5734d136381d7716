/**
 * What the API bundle is made of, by package: esbuild's metafile of the very build the artifact
 * builder runs (sstEsbuildOptions with the app's function defaults), written nowhere.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { artifacts, defaultProperties, repoRoot, sstEsbuildOptions } from "../../infra/lambda/artifact";
import { functionDefaults } from "../../infra/lambda/function-defaults";
import { packageOf } from "./packages";

export interface Composition {
  total: number;
  byPackage: { name: string; bytes: number }[];
  topFiles: { file: string; bytes: number }[];
}

export async function bundleComposition(): Promise<Composition> {
  const dir = mkdtempSync(join(tmpdir(), "promotions-composition-"));
  try {
    const options = await sstEsbuildOptions(
      { handler: artifacts.api.handler, runtime: functionDefaults.runtime, properties: defaultProperties() },
      { root: repoRoot, outfile: join(dir, "bundle.mjs") },
    );
    const { metafile } = await build({ ...options, write: false });
    const [, output] = Object.entries(metafile?.outputs ?? {}).find(([file]) => !file.endsWith(".map")) ?? [];
    if (!output) throw new Error("esbuild wrote no bundle");
    const files = Object.entries(output.inputs).map(([file, input]) => ({
      file,
      bytes: input.bytesInOutput,
    }));
    const byPackage = new Map<string, number>();
    for (const { file, bytes } of files) {
      const name = packageOf(file);
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytes);
    }
    return {
      total: output.bytes,
      byPackage: [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes),
      topFiles: files.sort((a, b) => b.bytes - a.bytes).slice(0, 12),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
