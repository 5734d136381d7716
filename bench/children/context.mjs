/**
 * Context cost, in one process: the real handler (AsyncLocalStorage) and the explicit-context
 * build of the same handler take turns, round after round, on identical in-memory PGlite data.
 * Prints per-invocation microseconds for every round of each; rounds run in back-to-back pairs so
 * that the ratio of each pair is free of drift (GC, JIT, the machine's other load).
 * Usage: node context.mjs <real.mjs> <explicit.mjs> <rounds> <invocations per round>
 */
const { lambdaContext, listEvent } = await import(new URL("../../.bench/events.mjs", import.meta.url).href);

const [realPath, explicitPath, rounds = "7", perRound = "2000"] = process.argv.slice(2);
const variants = {
  real: await import(realPath),
  explicit: await import(explicitPath),
};
for (const variant of Object.values(variants)) await variant.setup();

async function round(variant) {
  const started = performance.now();
  for (let n = 0; n < Number(perRound); n++) {
    const result = await variant.handler(listEvent(n), lambdaContext(n));
    if (result.statusCode !== 200) throw new Error(`status ${result.statusCode}: ${result.body}`);
  }
  return ((performance.now() - started) * 1000) / Number(perRound);
}

// Warm both up (JIT, caches) before measuring.
for (let n = 0; n < 3; n++) {
  await round(variants.real);
  await round(variants.explicit);
}
const samples = { real: [], explicit: [] };
for (let r = 0; r < Number(rounds); r++) {
  // Alternate the order so neither always runs second.
  const order = r % 2 === 0 ? ["real", "explicit"] : ["explicit", "real"];
  for (const name of order) samples[name].push(await round(variants[name]));
}
console.log(JSON.stringify({ node: process.version, samples }));
process.exit(0);
