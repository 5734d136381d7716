/**
 * Two artifacts warm in one process, answering the same event back to back, taking turns round
 * after round (bench/lambda/runtime.mjs "pair"): per-invocation time of each and their ratio.
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
