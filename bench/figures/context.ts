/**
 * What AsyncLocalStorage costs per invocation: the API as shipped against the same API built with
 * bench/context-explicit.ts for packages/core/src/context.ts, on each Node version, each in
 * processes of its own (compareApart says why).
 */
import type { BenchArtifacts } from "../setup/artifacts";
import type { NodeBinary } from "../setup/node";
import { compareApart, type PairSizes } from "./pair";

export type ContextCost =
  | { major: number; ratio: number; realUs: number; explicitUs: number; version: string }
  | { major: number; reason: string };

export async function contextCost(
  artifacts: BenchArtifacts,
  event: unknown,
  node: NodeBinary,
  sizes: PairSizes & { processes: number },
): Promise<ContextCost> {
  if ("reason" in node) return node;
  const pair = await compareApart(artifacts.api, artifacts.apiExplicit, event, sizes, node.path);
  return { major: node.major, ratio: pair.ratio, realUs: pair.aUs, explicitUs: pair.bUs, version: pair.node };
}
