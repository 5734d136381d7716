/**
 * `npm run bench`: the API's artifact against the floor (bare Hono + postgres.js) and what the
 * request context costs, side by side in one run. Prints a table and writes bench-results.json.
 * Every figure runs the artifacts as SST ships them, from a temp directory outside the repository.
 *
 * BENCH_QUICK=1 shortens every figure (a smoke run; rougher numbers). BENCH_RESULTS_FILE and
 * BENCH_DATABASE move the results file and the database (the smoke test uses its own).
 */
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundleSizes } from "./figures/bundle";
import { coldInstructions, valgrindPath } from "./figures/cold-instructions";
import { coldStarts } from "./figures/cold-start";
import { contextCost } from "./figures/context";
import { contextOperations } from "./figures/context-operations";
import { memoryOver } from "./figures/memory";
import { offlineThroughput } from "./figures/throughput";
import { warmAgainstFloor, warmUnpreparedAgainstFloor } from "./figures/warm";
import { type Measured, printReport, results, writeResults } from "./report";
import { buildBenchArtifacts } from "./setup/artifacts";
import { type BenchDatabase, benchDatabase, serverIsUp, serverUrl } from "./setup/database";
import { healthEvent, listEvent } from "./setup/events";
import { nodeBinary } from "./setup/node";

const root = fileURLToPath(new URL("..", import.meta.url));
const quick = process.env.BENCH_QUICK === "1";
const resultsFile = process.env.BENCH_RESULTS_FILE || `${root}bench-results.json`;
const databaseName = process.env.BENCH_DATABASE || "promotions_bench";

const sizes = quick
  ? {
      cold: 3,
      coldInstructions: 1,
      warm: { rounds: 5, perRound: 50 },
      context: { rounds: 4, perRound: 50, processes: 2 },
      contextOperations: { invocations: 20, rounds: 5, perRound: 1_000 },
      memory: { first: 500, total: 5_000 },
      throughputSeconds: 2,
    }
  : {
      cold: 41,
      coldInstructions: 5,
      warm: { rounds: 41, perRound: 200 },
      context: { rounds: 96, perRound: 200, processes: 24 },
      contextOperations: { invocations: 200, rounds: 41, perRound: 20_000 },
      memory: { first: 1_000, total: 100_000 },
      throughputSeconds: 10,
    };

const step = (text: string) => console.log(`· ${text}`);
const measured: Measured = { context: [], reasons: {} };

step("Node 22 and 20 from npm (into .bench/, once)…");
// Before anything is timed: an install running beside a figure would slow it down.
const nodes = await Promise.all([24, 22, 20].map((major) => nodeBinary(major, `${root}.bench`)));

let database: BenchDatabase | undefined;
if (await serverIsUp()) {
  step(`Database ${databaseName}: migrated, 50 promotions for the bench user…`);
  database = await benchDatabase(databaseName);
} else {
  const reason = `no PostgreSQL at ${serverUrl} (Lambda's artifacts speak PostgreSQL only)`;
  for (const key of [
    "cold_start_ms",
    "cold_start_instructions_ratio",
    "warm_ms",
    "context_ratio_node24",
    "context_operations_ns_node24",
    "heap_growth_mb",
  ]) {
    measured.reasons[key] = reason;
  }
}

step("Artifacts (the app's artifact builder, as SST builds them)…");
const artifacts = await buildBenchArtifacts(database ?? { url: "postgres://unreachable/none", link: {} });
try {
  measured.bundle = bundleSizes(artifacts);
  const list = listEvent();
  if (database) {
    step(`Cold starts (${sizes.cold} of each, alternating)…`);
    const bare = { bareNode: true };
    const [api, floor, hello, apiBare, floorBare] = await coldStarts(
      [
        { artifact: artifacts.api, event: list },
        { artifact: artifacts.floor, event: list },
        { artifact: artifacts.hello, event: healthEvent() },
        { artifact: artifacts.api, event: list, options: bare },
        { artifact: artifacts.floor, event: list, options: bare },
      ],
      sizes.cold,
    );
    if (api && floor && hello && apiBare && floorBare) {
      measured.cold = { api, floor, hello, bare: { api: apiBare, floor: floorBare } };
    }

    const valgrind = valgrindPath();
    if (valgrind) {
      step(`Cold starts counted in instructions (callgrind, ${sizes.coldInstructions} of each)…`);
      // A figure of its own: if valgrind cannot run Node here, the other figures still count.
      measured.coldInstructions = await coldInstructions(
        { api: artifacts.api, floor: artifacts.floor, event: list, runs: sizes.coldInstructions },
        valgrind,
      ).catch((error: Error) => {
        measured.reasons.cold_start_instructions_ratio = `callgrind failed: ${error.message.split("\n")[0]}`;
        return undefined;
      });
    } else {
      measured.reasons.cold_start_instructions_ratio = "valgrind is not installed";
    }

    step("Warm invocations, API against the floor…");
    measured.warm = await warmAgainstFloor(artifacts, list, sizes.warm);
    step("Warm invocations without prepared statements (behind RDS Proxy), API against the floor…");
    measured.warmUnprepared = await warmUnpreparedAgainstFloor(artifacts, list, sizes.warm);

    for (const node of nodes) {
      step(`Context cost on Node ${node.major}…`);
      measured.context.push(await contextCost(artifacts, list, node, sizes.context));
    }
    if (process.versions.node.startsWith("24.")) {
      step("AsyncLocalStorage operations of one invocation, timed alone…");
      measured.contextOperations = await contextOperations(artifacts, list, sizes.contextOperations);
    } else {
      measured.reasons.context_operations_ns_node24 = `the bench runs on Node ${process.version}, not 24`;
    }

    step(`Memory over ${sizes.memory.total.toLocaleString("en")} invocations…`);
    measured.memory = { ...sizes.memory, ...(await memoryOver(artifacts.api, list, sizes.memory)) };
  }

  step("Offline throughput over loopback (autocannon)…");
  measured.throughput = await offlineThroughput(sizes.throughputSeconds);
} finally {
  rmSync(artifacts.work, { recursive: true, force: true });
  await database?.drop();
}

const values = results(measured);
writeResults(resultsFile, values);
printReport(values, measured, quick);
console.log(`\nWrote ${resultsFile}`);
