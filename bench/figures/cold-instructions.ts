/**
 * The CPU work of a cold start, counted rather than timed: the instructions a fresh process
 * executes, in all its threads, from its start through the first answer to its exit right after
 * (valgrind's callgrind tool), the API's over the floor's. Time on a shared machine moves by
 * several per cent between runs; instruction counts move by about one, so a change too small for
 * the cold-start figure still shows here. Waiting for PostgreSQL costs no instructions, which is
 * why this ratio is higher than the timed one.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInLambda } from "../lambda/run";
import type { Artifact } from "../setup/artifacts";
import { median, round } from "../stats";

export interface ColdInstructions {
  /** Median millions of instructions per cold start. */
  apiMillions: number;
  floorMillions: number;
  ratio: number;
}

/** Where valgrind is (the artifact's process gets Lambda's PATH, not this one's), if anywhere. */
export function valgrindPath(): string | undefined {
  try {
    return execFileSync("sh", ["-c", "command -v valgrind"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function instructions(artifact: Artifact, event: unknown, dir: string, valgrind: string) {
  const out = join(dir, `${artifact.name}.callgrind`);
  await runInLambda(
    [artifact],
    { mode: "cold", event },
    {
      // V8 rewrites the code it generated; valgrind must check for that or run stale translations.
      wrapper: [valgrind, "--tool=callgrind", "--smc-check=all-non-file", `--callgrind-out-file=${out}`],
    },
  );
  const total = /^(?:summary|totals): (\d+)/m.exec(readFileSync(out, "utf8"))?.[1];
  if (!total) throw new Error(`No instruction total in ${out}`);
  return Number(total);
}

/** `runs` cold starts of each under callgrind, the API and the floor in turns. */
export async function coldInstructions(
  { api, floor, event, runs }: { api: Artifact; floor: Artifact; event: unknown; runs: number },
  valgrind: string,
): Promise<ColdInstructions> {
  const dir = mkdtempSync(join(tmpdir(), "promotions-callgrind-"));
  try {
    const counts = { api: [] as number[], floor: [] as number[] };
    for (let n = 0; n < runs; n++) {
      counts.api.push(await instructions(api, event, dir, valgrind));
      counts.floor.push(await instructions(floor, event, dir, valgrind));
    }
    const apiCount = median(counts.api);
    const floorCount = median(counts.floor);
    return {
      apiMillions: round(apiCount / 1e6, 1),
      floorMillions: round(floorCount / 1e6, 1),
      ratio: round(apiCount / floorCount, 3),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
