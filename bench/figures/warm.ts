/** Warm cost per invocation: the API against the floor, the same `GET /promotions?limit=20` event. */
import type { BenchArtifacts } from "../setup/artifacts";
import { comparePair, type PairSizes } from "./pair";

export async function warmAgainstFloor(artifacts: BenchArtifacts, event: unknown, sizes: PairSizes) {
  const pair = await comparePair(artifacts.api, artifacts.floor, event, sizes);
  return { apiUs: pair.aUs, floorUs: pair.bUs, ratio: pair.ratio };
}
