/** The Node.js binaries the bench runs artifacts on: this one for 24, others from npm's `node` package. */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

export type NodeBinary = { major: number; path: string } | { major: number; reason: string };

/**
 * Node `major`: the running binary when it is that version, else `node@<major>` installed from
 * npm into `<dir>/node<major>` once (the npm package ships the official binary).
 */
export async function nodeBinary(major: number, dir: string): Promise<NodeBinary> {
  if (process.versions.node.startsWith(`${major}.`)) return { major, path: process.execPath };
  const prefix = join(dir, `node${major}`);
  const path = join(prefix, "node_modules/node/bin/node");
  if (!existsSync(path)) {
    try {
      await promisify(execFile)("npm", [
        "install",
        "--no-save",
        "--no-audit",
        "--no-fund",
        "--prefix",
        prefix,
        `node@${major}`,
      ]);
    } catch (error) {
      return { major, reason: `could not install node@${major} from npm: ${(error as Error).message}` };
    }
  }
  return existsSync(path) ? { major, path } : { major, reason: `node@${major} installed no ${path}` };
}
