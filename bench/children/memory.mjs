/**
 * Memory after many warm invocations: heap and RSS (after a full GC) after `first` invocations,
 * after 10,000 and after `total`. Run with --expose-gc.
 * Usage: node --expose-gc memory.mjs <bundle.mjs> <first> <total>
 */
const { lambdaContext, listEvent } = await import(new URL("../../.bench/events.mjs", import.meta.url).href);

const [bundlePath, first = "1000", total = "100000"] = process.argv.slice(2);
const bench = await import(bundlePath);
await bench.setup();

function measure() {
  globalThis.gc();
  globalThis.gc();
  const usage = process.memoryUsage();
  return { heapMb: usage.heapUsed / 2 ** 20, rssMb: usage.rss / 2 ** 20 };
}

let n = 0;
async function runUntil(count) {
  for (; n < count; n++) {
    const result = await bench.handler(listEvent(n), lambdaContext(n));
    if (result.statusCode !== 200) throw new Error(`status ${result.statusCode}`);
  }
}
await runUntil(Number(first));
const after1k = measure();
// A middle sample shows whether RSS keeps growing (a leak) or levels off (V8 sizing its heap).
await runUntil(Math.min(10_000, Number(total)));
const after10k = measure();
await runUntil(Number(total));
const afterAll = measure();
console.log(JSON.stringify({ after1k, after10k, afterAll }));
process.exit(0);
