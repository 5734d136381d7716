/**
 * The bench still runs: a BENCH_QUICK run of `npm run bench` reports a number for every figure,
 * and the floor answers the bench's request exactly as the API does (else the comparison would
 * compare different work). No assertion about speed: the figures are for reading, not for CI.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { invokeArtifact, repoRoot } from "../infra/lambda/artifact";
import { valgrindPath } from "./figures/cold-instructions";
import { contextOperations } from "./figures/context-operations";
import { type BenchArtifacts, buildBenchArtifacts } from "./setup/artifacts";
import { benchDatabase, serverIsUp, serverUrl } from "./setup/database";
import { listEvent } from "./setup/events";

const hasPostgres = await serverIsUp();
if (!hasPostgres && process.env.CI === "true")
  throw new Error(`No PostgreSQL at ${serverUrl}: CI must start one`);
if (!hasPostgres) console.warn(`Bench smoke test skipped: no PostgreSQL at ${serverUrl}.`);
// The instruction count needs valgrind (.ci/run installs it); elsewhere the figure may be missing.
const valgrind = valgrindPath() !== undefined;
if (!valgrind && process.env.CI === "true") throw new Error("No valgrind: CI must install it");

const work = mkdtempSync(join(tmpdir(), "promotions-bench-test-"));
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup) await step();
  rmSync(work, { recursive: true, force: true });
});

const databaseName = (label: string) => `promotions_bench_test_${label}_${randomBytes(4).toString("hex")}`;

let built: Promise<BenchArtifacts> | undefined;
/** The bench's artifacts on a database of 25 promotions, built once for the tests that need them. */
function benchArtifacts(): Promise<BenchArtifacts> {
  built ??= (async () => {
    const database = await benchDatabase(databaseName("artifacts"), 25);
    cleanup.push(() => database.drop());
    const artifacts = await buildBenchArtifacts(database);
    cleanup.push(async () => rmSync(artifacts.work, { recursive: true, force: true }));
    return artifacts;
  })();
  return built;
}

describe.skipIf(!hasPostgres)("npm run bench", () => {
  it("reports a number for every figure (BENCH_QUICK)", async () => {
    const resultsFile = join(work, "bench-results.json");
    await promisify(execFile)(join(repoRoot, "node_modules/.bin/tsx"), ["bench/run.ts"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        BENCH_QUICK: "1",
        BENCH_RESULTS_FILE: resultsFile,
        BENCH_DATABASE: databaseName("run"),
      },
      maxBuffer: 16 * 2 ** 20,
    });
    const { node_version, ...figures } = JSON.parse(readFileSync(resultsFile, "utf8")) as Record<
      string,
      unknown
    >;
    expect(node_version).toBe(process.version);
    for (const key of [
      "cold_start_floor_ratio",
      "cold_start_bare_floor_ratio",
      "bundle_bytes",
      "warm_floor_ratio",
      "cold_start_floor_ms",
      "cold_start_instructions_ratio",
      "warm_floor_ms",
      "warm_unprepared_floor_ratio",
      "context_ratio_node24",
      "context_ratio_node22",
      "context_ratio_node20",
      "context_operations_ns_node24",
      "context_ratio_direct_node24",
      "heap_growth_mb",
      "throughput_rps",
    ]) {
      expect(figures, key).toHaveProperty(key);
    }
    for (const [key, value] of Object.entries(figures)) {
      if (key === "cold_start_instructions_ratio" && !valgrind) continue;
      expect(typeof value, key).toBe("number");
    }
  }, 240_000);

  it("has the floor answer GET /promotions with the API's status and body", async () => {
    const artifacts = await benchArtifacts();
    const event = listEvent();
    const [api] = (await invokeArtifact(artifacts.api.task, artifacts.api.handler, [event], {
      env: artifacts.api.env,
    })) as { statusCode: number; body: string }[];
    const [floor] = (await invokeArtifact(artifacts.floor.task, artifacts.floor.handler, [event], {
      env: artifacts.floor.env,
    })) as { statusCode: number; body: string }[];

    expect(api?.statusCode).toBe(200);
    expect(floor?.statusCode).toBe(200);
    const body = JSON.parse(api?.body ?? "{}") as { data: unknown[]; nextCursor: string | null };
    expect(body.data).toHaveLength(20);
    expect(body.nextCursor).toEqual(expect.any(String));
    expect(JSON.parse(floor?.body ?? "{}")).toEqual(body);
  }, 60_000);

  it("counts the API's AsyncLocalStorage calls per invocation and none in the explicit-context build", async () => {
    const operations = await contextOperations(await benchArtifacts(), listEvent(), {
      invocations: 5,
      rounds: 1,
      perRound: 10,
    });

    // withActor and withDeadline; authorize's and the request log's actor, the list's claims,
    // the transaction and the deadline.
    expect(operations.calls).toEqual({ run: 2, getStore: 5 });
    expect(operations.explicitCalls).toEqual({ run: 0, getStore: 0 });
  }, 60_000);
});
