/**
 * Cold start: a fresh process per sample imports the artifact and answers one event — for the API
 * and the floor a `GET /promotions` against PostgreSQL, so it includes connecting; for "hello" no
 * database at all. The figure is the time since the process began, at the answer. Node starts with
 * Lambda's flags unless a subject asks for bare Node (`bareNode`).
 */
import { type RunOptions, runInLambda } from "../lambda/run";
import type { Artifact } from "../setup/artifacts";
import { median, round } from "../stats";

interface ColdSample {
  ms: number;
  initMs: number;
  status: number;
}
export interface ColdStart {
  /** Process start → first answer (the median). */
  ms: number;
  /** Every sample's process start → first answer, in round order (for paired ratios). */
  samples: number[];
  /** Process start → handler imported (Lambda's init phase). */
  initMs: number;
}

export async function coldStarts(
  subjects: { artifact: Artifact; event: unknown; options?: RunOptions }[],
  samples: number,
): Promise<ColdStart[]> {
  const results = subjects.map(() => [] as ColdSample[]);
  // Round-robin, so that a slow moment of the machine touches every subject alike.
  for (let n = 0; n < samples; n++) {
    for (const [i, { artifact, event, options }] of subjects.entries()) {
      results[i]?.push(await runInLambda<ColdSample>([artifact], { mode: "cold", event }, options));
    }
  }
  return results.map((runs) => ({
    ms: round(median(runs.map((run) => run.ms)), 1),
    samples: runs.map((run) => run.ms),
    initMs: round(median(runs.map((run) => run.initMs)), 1),
  }));
}
