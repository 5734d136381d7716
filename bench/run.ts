/**
 * `npm run bench`: what the request context costs. Prints a table and writes bench-results.json.
 * Each figure runs beside its baseline in the same run; figures are medians of repeated runs.
 * BENCH_QUICK=1 shortens every run (for a smoke test; the numbers are then rougher).
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import postgres from "postgres";
import { bundle } from "./bundle";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = `${root}.bench/`;
const quick = process.env.BENCH_QUICK === "1";
mkdirSync(out, { recursive: true });

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const reasons: Record<string, string> = {};

const childEnv = {
  ...process.env,
  DATABASE_URL: "",
  PGLITE_DATA_DIR: "memory://",
  PGLITE_TEMPLATE: "",
  MIGRATIONS_DIR: `${root}packages/core/migrations`,
  LOG_LEVEL: "SILENT",
};

function run(node: string, args: string[], env: NodeJS.ProcessEnv = childEnv): string {
  return (
    execFileSync(node, args, { cwd: root, env, encoding: "utf8", maxBuffer: 16 * 2 ** 20 })
      .trim()
      .split("\n")
      .at(-1) ?? ""
  );
}

/** A Node binary of the given major version: this one for 24, else the `node` package from npm. */
function nodeBinary(major: number): string | undefined {
  if (process.versions.node.startsWith(`${major}.`)) return process.execPath;
  const prefix = `${out}node${major}`;
  const binary = `${prefix}/node_modules/node/bin/node`;
  if (!existsSync(binary)) {
    try {
      execFileSync(
        "npm",
        ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, `node@${major}`],
        {
          stdio: "ignore",
        },
      );
    } catch (error) {
      reasons[`context_ratio_node${major}`] =
        `could not install node@${major} from npm: ${(error as Error).message}`;
      return undefined;
    }
  }
  return existsSync(binary) ? binary : undefined;
}

// --- bundles -------------------------------------------------------------------------------------
console.log("Bundling (esbuild, ESM, minified, node24, as SST does)…");
const bundleBytes = await bundle("packages/functions/src/api.ts", ".bench/api.mjs");
await bundle("bench/entries/api-bench.ts", ".bench/api-bench.mjs");
await bundle("bench/entries/api-bench.ts", ".bench/api-bench-explicit.mjs", { explicitContext: true });
await bundle("bench/entries/hello.ts", ".bench/hello.mjs");
await bundle("bench/entries/events.ts", ".bench/events.mjs");

// --- 1. context cost per invocation, on Node 24, 22 and 20 --------------------------------------
const contextRatios: Record<number, number | null> = {};
const contextDetail: Record<number, { real: number; explicit: number; version: string } | null> = {};
for (const major of [24, 22, 20]) {
  console.log(`Context cost on Node ${major}…`);
  const node = nodeBinary(major);
  if (!node) {
    contextRatios[major] = null;
    contextDetail[major] = null;
    continue;
  }
  const result = JSON.parse(
    run(node, [
      "bench/children/context.mjs",
      `${out}api-bench.mjs`,
      `${out}api-bench-explicit.mjs`,
      quick ? "5" : "41",
      quick ? "100" : "200",
    ]),
  ) as { node: string; samples: { real: number[]; explicit: number[] } };
  const real = median(result.samples.real);
  const explicit = median(result.samples.explicit);
  // The median of the pairwise ratios: each pair ran back to back, so slow phases cancel out.
  contextRatios[major] = round(
    median(result.samples.real.map((value, i) => value / (result.samples.explicit[i] as number))),
  );
  contextDetail[major] = { real: round(real, 1), explicit: round(explicit, 1), version: result.node };
}

// --- 2. cold start ---------------------------------------------------------------------------------
console.log("Cold starts…");
const serverUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
let benchDatabaseUrl: string | undefined;
try {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  const [exists] = await admin`select 1 from pg_database where datname = 'promotions_bench'`;
  if (!exists) await admin.unsafe("create database promotions_bench");
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = "/promotions_bench";
  benchDatabaseUrl = url.toString();
  run(
    process.execPath,
    ["-e", `import("${out}api-bench.mjs").then((m) => m.setup()).then(() => process.exit(0))`],
    {
      ...childEnv,
      DATABASE_URL: benchDatabaseUrl,
    },
  );
} catch (error) {
  reasons.cold_start_ms = `no PostgreSQL at ${serverUrl} for the API's first query: ${(error as Error).message}`;
}
const coldApi: number[] = [];
const coldHello: number[] = [];
if (benchDatabaseUrl) {
  for (let n = 0; n < (quick ? 5 : 21); n++) {
    const api = JSON.parse(
      run(process.execPath, ["bench/children/cold.mjs", `${out}api.mjs`, "list"], {
        ...childEnv,
        DATABASE_URL: benchDatabaseUrl,
      }),
    );
    if (api.status !== 200) throw new Error(`cold start answered ${api.status}`);
    coldApi.push(api.ms);
    coldHello.push(
      JSON.parse(run(process.execPath, ["bench/children/cold.mjs", `${out}hello.mjs`, "health"])).ms,
    );
  }
}
const coldStart = coldApi.length ? round(median(coldApi), 1) : null;
const coldBaseline = coldHello.length ? round(median(coldHello), 1) : null;
if (!coldHello.length) reasons.cold_start_baseline_ms = reasons.cold_start_ms ?? "not measured";

// --- 3. memory ---------------------------------------------------------------------------------------
console.log(`Memory over ${quick ? "10,000" : "100,000"} invocations…`);
// On PostgreSQL, as in Lambda: PGlite's WebAssembly heap grows with its own caches and would hide the handler's.
const memoryEnv = benchDatabaseUrl ? { ...childEnv, DATABASE_URL: benchDatabaseUrl } : childEnv;
const memoryDatabase = benchDatabaseUrl ? "PostgreSQL" : "PGlite (no PostgreSQL reachable)";
const memory = JSON.parse(
  run(
    process.execPath,
    ["--expose-gc", "bench/children/memory.mjs", `${out}api-bench.mjs`, "1000", quick ? "10000" : "100000"],
    memoryEnv,
  ),
) as {
  after1k: { heapMb: number; rssMb: number };
  after10k: { heapMb: number; rssMb: number };
  afterAll: { heapMb: number; rssMb: number };
};

// --- 4. throughput of the offline stack ----------------------------------------------------------------
console.log("Throughput over loopback (autocannon)…");
function startServer(args: string[]): Promise<{ info: { url: string; token?: string }; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${root}node_modules/.bin/tsx`, args, {
      cwd: root,
      env: childEnv,
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout.once("data", (chunk: Buffer) =>
      resolve({ info: JSON.parse(chunk.toString()), stop: () => child.kill("SIGTERM") }),
    );
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
}
async function requestsPerSecond(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, headers, connections: 10, duration: quick ? 3 : 10 });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`);
  return Math.round(result.requests.average);
}
const stack = await startServer(["bench/serve-stack.ts"]);
const page = await (
  await fetch(stack.info.url, { headers: { authorization: `Bearer ${stack.info.token}` } })
).text();
const baseline = await startServer(["bench/serve-baseline.ts", page]);
let throughput: number;
let throughputBaseline: number;
try {
  throughput = await requestsPerSecond(stack.info.url, { authorization: `Bearer ${stack.info.token}` });
  throughputBaseline = await requestsPerSecond(baseline.info.url);
} finally {
  stack.stop();
  baseline.stop();
}

// --- report --------------------------------------------------------------------------------------------
const results = {
  node_version: process.version,
  context_ratio_node24: contextRatios[24] ?? null,
  context_ratio_node22: contextRatios[22] ?? null,
  context_ratio_node20: contextRatios[20] ?? null,
  bundle_bytes: bundleBytes,
  cold_start_ms: coldStart,
  cold_start_baseline_ms: coldBaseline,
  cold_start_ratio: coldStart && coldBaseline ? round(coldStart / coldBaseline, 2) : null,
  heap_growth_mb: round(memory.afterAll.heapMb - memory.after1k.heapMb, 2),
  rss_growth_mb: round(memory.afterAll.rssMb - memory.after1k.rssMb, 2),
  throughput_rps: throughput,
  throughput_baseline_rps: throughputBaseline,
};
writeFileSync(`${root}bench-results.json`, `${JSON.stringify(results, null, 2)}\n`);

const detail = (major: number) => {
  const d = contextDetail[major];
  return d
    ? `${d.real} µs vs ${d.explicit} µs per invocation (${d.version})`
    : (reasons[`context_ratio_node${major}`] ?? "");
};
const rows: [string, string, string, string][] = [
  ["context cost, Node 24", String(results.context_ratio_node24), "≤ 1.02", detail(24)],
  ["context cost, Node 22", String(results.context_ratio_node22), "", detail(22)],
  ["context cost, Node 20", String(results.context_ratio_node20), "", detail(20)],
  ["bundle (minified)", `${(bundleBytes / 1024).toFixed(0)} KB`, "≤ 300 KB", `${bundleBytes} bytes`],
  [
    "cold start → first answer",
    `${coldStart} ms`,
    "",
    reasons.cold_start_ms ?? "GET /promotions against PostgreSQL",
  ],
  ["cold start, bare Hono", `${coldBaseline} ms`, "", "hello from hono/aws-lambda"],
  ["cold start ratio", String(results.cold_start_ratio), "≤ 1.5", ""],
  [
    "heap growth 1k → all",
    `${results.heap_growth_mb} MB`,
    "≤ 5 MB",
    `${memory.after1k.heapMb.toFixed(1)} → ${memory.afterAll.heapMb.toFixed(1)} MB on ${memoryDatabase}`,
  ],
  [
    "RSS growth 1k → all",
    `${results.rss_growth_mb} MB`,
    "≤ 5 MB",
    `${memory.after1k.rssMb.toFixed(1)} → ${memory.after10k.rssMb.toFixed(1)} (10k) → ${memory.afterAll.rssMb.toFixed(1)} MB`,
  ],
  ["offline stack GET /promotions", `${throughput} req/s`, "", "gateway + JWT + handler + PGlite"],
  ["bare @hono/node-server", `${throughputBaseline} req/s`, "", "same JSON from memory"],
];
const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => (row[i] ?? "").length), 6));
console.log(
  `\nNode ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? "CPU"} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB${quick ? " · QUICK" : ""}\n`,
);
for (const row of [["figure", "value", "goal", "detail"] as [string, string, string, string], ...rows]) {
  console.log(row.map((cell, i) => cell.padEnd(widths[i] as number)).join("  "));
}
for (const [key, reason] of Object.entries(reasons)) console.log(`${key}: null — ${reason}`);
console.log("\nWrote bench-results.json");
