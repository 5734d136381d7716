/**
 * What a request's AsyncLocalStorage operations cost by themselves. The end-to-end figure
 * (context.ts) moves by a few per cent between runs on a shared machine, more than the 2 % it is
 * meant to show, so the bench also measures the operations directly: the API counts the calls one
 * warm invocation makes (runtime.mjs "operations"), then this process runs a request-shaped
 * sequence of that many calls — a nested `with` per `run`, the reads spread over awaits — through
 * core's createContext and through the explicit baseline the end-to-end figure swaps in
 * (bench/context-explicit.ts), in turns. Hot in a loop, this is the operations' direct cost only:
 * not the garbage their context frames leave, nor a cold first call, which the end-to-end figure
 * includes (with its noise).
 */
import { createContext as storageContext } from "../../packages/core/src/context";
import { createContext as explicitContext } from "../context-explicit";
import { runInLambda } from "../lambda/run";
import type { BenchArtifacts } from "../setup/artifacts";
import { median, round } from "../stats";

/** AsyncLocalStorage `run` and `getStore` calls (the two createContext makes) per invocation. */
export interface ContextCalls {
  run: number;
  getStore: number;
}

export interface ContextOperations {
  /** Per warm invocation of the API. */
  calls: ContextCalls;
  /** The same for the explicit-context build: none, or the swap did not take. */
  explicitCalls: ContextCalls;
  /** Nanoseconds per request of that sequence through AsyncLocalStorage and through a variable. */
  storageNs: number;
  explicitNs: number;
  /** The median of the rounds' differences (AsyncLocalStorage − explicit), in nanoseconds. */
  costNs: number;
}

export interface OperationsSizes {
  invocations: number;
  rounds: number;
  perRound: number;
}

type CreateContext = typeof storageContext;

/** One request's context work: a nested `with` per `run`, a read per `getStore` with an await after each. */
function requestShape(create: CreateContext, calls: ContextCalls): () => Promise<void> {
  const contexts = Array.from({ length: Math.max(calls.run, 1) }, (_, n) =>
    create<{ n: number }>(`bench${n}`),
  );
  const body = async () => {
    for (let n = 0; n < calls.getStore; n++) {
      contexts[n % contexts.length]?.tryUse();
      await Promise.resolve();
    }
  };
  return contexts
    .slice(0, calls.run)
    .reduceRight<() => Promise<void>>((inner, context, n) => () => context.with({ n }, inner), body);
}

async function nsPerRequest(request: () => Promise<void>, count: number): Promise<number> {
  const started = performance.now();
  for (let n = 0; n < count; n++) await request();
  return ((performance.now() - started) * 1e6) / count;
}

export async function contextOperations(
  artifacts: BenchArtifacts,
  event: unknown,
  sizes: OperationsSizes,
): Promise<ContextOperations> {
  const count = (artifact: BenchArtifacts["api"]) =>
    runInLambda<ContextCalls>([artifact], { mode: "operations", event, count: sizes.invocations });
  const calls = await count(artifacts.api);
  const explicitCalls = await count(artifacts.apiExplicit);
  // An average over invocations may be fractional (a pool's occasional work): rounded up.
  const whole = { run: Math.ceil(calls.run), getStore: Math.ceil(calls.getStore) };
  const storage = requestShape(storageContext, whole);
  const explicit = requestShape(explicitContext, whole);
  for (let n = 0; n < 3; n++) {
    await nsPerRequest(storage, sizes.perRound);
    await nsPerRequest(explicit, sizes.perRound);
  }
  const samples = { storage: [] as number[], explicit: [] as number[] };
  for (let r = 0; r < sizes.rounds; r++) {
    const order = r % 2 === 0 ? (["storage", "explicit"] as const) : (["explicit", "storage"] as const);
    for (const variant of order) {
      samples[variant].push(await nsPerRequest(variant === "storage" ? storage : explicit, sizes.perRound));
    }
  }
  return {
    calls,
    explicitCalls,
    storageNs: round(median(samples.storage), 0),
    explicitNs: round(median(samples.explicit), 0),
    costNs: round(median(samples.storage.map((ns, n) => ns - (samples.explicit[n] as number))), 0),
  };
}
