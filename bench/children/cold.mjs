/**
 * One cold start: load a bundle, answer one invocation, print the time since the process began.
 * Usage: node cold.mjs <bundle.mjs> <list|health>
 */
const { healthEvent, lambdaContext, listEvent } = await import(
  new URL("../../.bench/events.mjs", import.meta.url).href
);

const [bundlePath, kind] = process.argv.slice(2);
const { handler } = await import(bundlePath);
const result = await handler(kind === "list" ? listEvent() : healthEvent(), lambdaContext());
console.log(JSON.stringify({ ms: performance.now(), status: result.statusCode }));
process.exit(0);
