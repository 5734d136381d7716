// @ts-check
/**
 * Lambda's side of the bench, in a child process started in the task root as the Node.js runtime
 * starts a function: it imports the handler's file from LAMBDA_TASK_ROOT-style paths (nothing from
 * this repository's node_modules can resolve from there) and invokes it as the runtime does. It is
 * plain JavaScript so that Node 20, which cannot strip types, runs it too; it prints one JSON line.
 *
 * Usage: node runtime.mjs '<job as JSON>', where the job is one of
 *   { mode: "cold", artifacts: [a], event }                 time since the process began, at the answer
 *   { mode: "pair", artifacts: [a, b], event, rounds, perRound }  per-invocation µs, a and b taking turns
 *   { mode: "solo", artifacts: [a], event, rounds, perRound }     per-invocation µs of a alone
 *   { mode: "memory", artifacts: [a], event, first, total }  heap and RSS after GC (Lambda's --expose-gc)
 *   { mode: "loop", artifacts: [a], event, count }          just invokes (for --cpu-prof)
 *   { mode: "operations", artifacts: [a], event, count }    AsyncLocalStorage calls per invocation, warm
 * and each artifact is { task, handler }.
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** @typedef {{ task: string, handler: string }} ArtifactRef */
/** @typedef {(event: unknown, context: unknown) => Promise<{ statusCode: number, body: string }>} Handler */

const job = JSON.parse(process.argv[2] ?? "{}");

/** @param {ArtifactRef} artifact @returns {Promise<Handler>} */
async function load(artifact) {
  const dot = artifact.handler.lastIndexOf(".");
  const base = `${artifact.task}/${artifact.handler.slice(0, dot)}`;
  const file = [".js", ".mjs", ".cjs"].map((ext) => base + ext).find((path) => existsSync(path));
  if (!file) throw new Error(`No handler file for ${base}`);
  const module = await import(pathToFileURL(file).href);
  return module[artifact.handler.slice(dot + 1)];
}

/** The context the Lambda runtime passes (as invokeArtifact in infra/lambda/artifact.ts builds it). */
function context(/** @type {number} */ n) {
  const deadline = Date.now() + 30_000;
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;
  return {
    awsRequestId: `bench-${n}`,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "bench",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

/** @param {Handler} handler @param {number} n */
async function invoke(handler, n) {
  const result = await handler(job.event, context(n));
  if (result.statusCode !== 200) throw new Error(`status ${result.statusCode}: ${result.body}`);
  return result;
}

/** Per-invocation microseconds over `count` invocations back to back. @param {Handler} handler */
async function round(handler, /** @type {number} */ count) {
  const started = performance.now();
  for (let n = 0; n < count; n++) await invoke(handler, n);
  return ((performance.now() - started) * 1000) / count;
}

function memory() {
  const gc = /** @type {() => void} */ (globalThis.gc);
  gc();
  gc();
  const usage = process.memoryUsage();
  return { heapMb: usage.heapUsed / 2 ** 20, rssMb: usage.rss / 2 ** 20 };
}

/** @type {Record<string, () => Promise<unknown>>} */
const modes = {
  async cold() {
    const handler = await load(job.artifacts[0]);
    const initMs = performance.now();
    const result = await invoke(handler, 0);
    return { ms: performance.now(), initMs, status: result.statusCode, body: result.body };
  },
  async pair() {
    const a = await load(job.artifacts[0]);
    const b = await load(job.artifacts[1]);
    // Both warm (JIT, connection, prepared statements) before anything is measured.
    for (let n = 0; n < 3; n++) {
      await round(a, job.perRound);
      await round(b, job.perRound);
    }
    /** @type {{ a: number[], b: number[] }} */
    const samples = { a: [], b: [] };
    for (let r = 0; r < job.rounds; r++) {
      // Alternating the order, neither always runs second; each pair runs back to back.
      if (r % 2 === 0) {
        samples.a.push(await round(a, job.perRound));
        samples.b.push(await round(b, job.perRound));
      } else {
        samples.b.push(await round(b, job.perRound));
        samples.a.push(await round(a, job.perRound));
      }
    }
    return { node: process.version, samples };
  },
  async solo() {
    const handler = await load(job.artifacts[0]);
    for (let n = 0; n < 3; n++) await round(handler, job.perRound);
    /** @type {number[]} */
    const samples = [];
    for (let r = 0; r < job.rounds; r++) samples.push(await round(handler, job.perRound));
    return { node: process.version, samples };
  },
  async memory() {
    const handler = await load(job.artifacts[0]);
    let n = 0;
    const runUntil = async (/** @type {number} */ count) => {
      for (; n < count; n++) await invoke(handler, n);
    };
    await runUntil(job.first);
    const afterFirst = memory();
    // A middle sample shows whether RSS keeps growing (a leak) or levels off (V8 sizing its heap).
    await runUntil(Math.min(10_000, job.total));
    const after10k = memory();
    await runUntil(job.total);
    return { afterFirst, after10k, afterAll: memory() };
  },
  async operations() {
    // Imported here, not above, so that no other mode loads it before the artifact does. Counted
    // on the class the bundle imports too: node:async_hooks is one module per process.
    const { AsyncLocalStorage } = await import("node:async_hooks");
    const calls = { run: 0, getStore: 0 };
    // run() reads the current store itself before it enters the new one: not the app's read.
    let entering = 0;
    const prototype = /** @type {{ run: Function, getStore: Function }} */ (
      /** @type {unknown} */ (AsyncLocalStorage.prototype)
    );
    const { run, getStore } = prototype;
    prototype.run = function (
      /** @type {unknown} */ store,
      /** @type {Function} */ fn,
      /** @type {unknown[]} */ ...args
    ) {
      calls.run++;
      entering++;
      return run.call(
        this,
        store,
        (/** @type {unknown[]} */ ...inner) => {
          entering--;
          return fn(...inner);
        },
        ...args,
      );
    };
    prototype.getStore = function () {
      if (entering === 0) calls.getStore++;
      return getStore.call(this);
    };
    const handler = await load(job.artifacts[0]);
    // Past the first invocations' one-off work (the pool, the prepared statement).
    for (let n = 0; n < 10; n++) await invoke(handler, n);
    calls.run = 0;
    calls.getStore = 0;
    for (let n = 0; n < job.count; n++) await invoke(handler, n);
    return { run: calls.run / job.count, getStore: calls.getStore / job.count };
  },
  async loop() {
    const handler = await load(job.artifacts[0]);
    for (let n = 0; n < job.count; n++) await invoke(handler, n);
    return { count: job.count };
  },
};

const mode = modes[job.mode];
if (!mode) throw new Error(`Unknown mode ${job.mode}`);
process.stdout.write(`${JSON.stringify(await mode())}\n`);
// As Lambda freezes the container: open connections do not keep the process alive.
process.exit(0);
