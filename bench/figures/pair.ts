/**
 * Two artifacts answering the same event back to back: warm in one process, taking turns round
 * after round (bench/lambda/runtime.mjs "pair"), or each in processes of its own, taking turns
 * process after process ("solo"), where sharing a process would make them share a cost.
 */
import { runInLambda } from "../lambda/run";
import type { Artifact } from "../setup/artifacts";
import { median, pairedRatio, round } from "../stats";

export interface PairSizes {
  rounds: number;
  perRound: number;
}
export interface PairResult {
  node: string;
  /** Median microseconds per invocation. */
  aUs: number;
  bUs: number;
  /** Median of the rounds' a/b ratios. */
  ratio: number;
}

export async function comparePair(
  a: Artifact,
  b: Artifact,
  event: unknown,
  sizes: PairSizes,
  node?: string,
): Promise<PairResult> {
  const result = await runInLambda<{ node: string; samples: { a: number[]; b: number[] } }>(
    [a, b],
    { mode: "pair", event, ...sizes },
    node ? { node } : {},
  );
  return {
    node: result.node,
    aUs: round(median(result.samples.a), 1),
    bUs: round(median(result.samples.b), 1),
    ratio: round(pairedRatio(result.samples.a, result.samples.b)),
  };
}

/**
 * As comparePair, but each artifact in processes of its own, `processes` of each in turns. For
 * the context figure: on Node 20 and 22 the first AsyncLocalStorage turns on async hooks for
 * the whole process, so a baseline sharing its process would pay for them too.
 */
export async function compareApart(
  a: Artifact,
  b: Artifact,
  event: unknown,
  sizes: PairSizes & { processes: number },
  node?: string,
): Promise<PairResult> {
  const rounds = Math.ceil(sizes.rounds / sizes.processes);
  const solo = (artifact: Artifact) =>
    runInLambda<{ node: string; samples: number[] }>(
      [artifact],
      { mode: "solo", event, rounds, perRound: sizes.perRound },
      node ? { node } : {},
    );
  const medians = { a: [] as number[], b: [] as number[] };
  let version = "";
  for (let n = 0; n < sizes.processes; n++) {
    const [first, second] = n % 2 === 0 ? [a, b] : [b, a];
    const results = [await solo(first), await solo(second)];
    const [ra, rb] = n % 2 === 0 ? results : [results[1], results[0]];
    if (!ra || !rb) throw new Error("a solo run returned nothing");
    medians.a.push(median(ra.samples));
    medians.b.push(median(rb.samples));
    version = ra.node;
  }
  return {
    node: version,
    aUs: round(median(medians.a), 1),
    bUs: round(median(medians.b), 1),
    // Processes n of a and of b ran back to back: the median of those pairs' ratios.
    ratio: round(pairedRatio(medians.a, medians.b)),
  };
}
