/**
 * Heap and RSS (after two full GCs, through the `gc` Lambda's flags expose) of the API artifact
 * after many warm invocations on PostgreSQL.
 */
import { runInLambda } from "../lambda/run";
import type { Artifact } from "../setup/artifacts";
import { round } from "../stats";

interface Usage {
  heapMb: number;
  rssMb: number;
}

export async function memoryOver(
  artifact: Artifact,
  event: unknown,
  sizes: { first: number; total: number },
) {
  const usage = await runInLambda<{ afterFirst: Usage; after10k: Usage; afterAll: Usage }>([artifact], {
    mode: "memory",
    event,
    ...sizes,
  });
  return {
    ...usage,
    heapGrowthMb: round(usage.afterAll.heapMb - usage.afterFirst.heapMb, 2),
    rssGrowthMb: round(usage.afterAll.rssMb - usage.afterFirst.rssMb, 2),
  };
}
