/** Warm cost per invocation: the API against the floor, the same `GET /promotions?limit=20` event. */
import type { Artifact, BenchArtifacts } from "../setup/artifacts";
import { comparePair, type PairSizes } from "./pair";

export async function warmAgainstFloor(artifacts: BenchArtifacts, event: unknown, sizes: PairSizes) {
  const pair = await comparePair(artifacts.api, artifacts.floor, event, sizes);
  return { apiUs: pair.aUs, floorUs: pair.bUs, ratio: pair.ratio };
}

/**
 * The same, both without named prepared statements: what staging and production run, where
 * RDS Proxy sits in front of the database and infra sets DATABASE_PREPARE=false.
 */
export async function warmUnpreparedAgainstFloor(
  artifacts: BenchArtifacts,
  event: unknown,
  sizes: PairSizes,
) {
  const unprepared = (artifact: Artifact): Artifact => ({
    ...artifact,
    name: `${artifact.name}-unprepared`,
    env: { ...artifact.env, DATABASE_PREPARE: "false" },
  });
  return warmAgainstFloor(
    { ...artifacts, api: unprepared(artifacts.api), floor: unprepared(artifacts.floor) },
    event,
    sizes,
  );
}
