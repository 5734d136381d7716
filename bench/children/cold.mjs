/**
 * One cold start: load a bundle, answer one invocation, print the time since the process began.
 * Usage: node cold.mjs <bundle.mjs> <list|health>
 */
import { healthEvent, lambdaContext, listEvent } from "./event.mjs";

const [bundlePath, kind] = process.argv.slice(2);
const { handler } = await import(bundlePath);
const result = await handler(kind === "list" ? listEvent() : healthEvent(), lambdaContext());
console.log(JSON.stringify({ ms: performance.now(), status: result.statusCode }));
process.exit(0);
