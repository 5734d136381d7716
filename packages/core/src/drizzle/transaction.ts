import { AsyncLocalStorage } from "node:async_hooks";
import { createContext } from "../context";
import { deadlineExceeded, remainingMs } from "./deadline";
import { isRetryable, toDatabaseError } from "./error";
import { abortConnections, type Database, database, type Transaction } from "./index";

type Effect = () => unknown | Promise<unknown>;

const TransactionContext = createContext<{ tx: Transaction; effects: Effect[] }>("transaction");

/** A transaction does not start its COMMIT with less time than this left: its answer must come back in time. */
const COMMIT_RESERVE_MS = 500;
/** Serialization failures and deadlocks: attempts before answering 503, as SST's console does. */
const MAX_ATTEMPTS = 3;

/**
 * Waits for `work` until the request's deadline. Past it, every connection is dropped — a stalled
 * one cannot answer and a transaction on it can never commit — and the caller gets `unavailable`.
 */
async function beforeDeadline<T>(work: () => Promise<T>): Promise<T> {
  const left = remainingMs();
  if (left <= 0) throw deadlineExceeded();
  if (left === Number.POSITIVE_INFINITY) return await work();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abortConnections();
      reject(deadlineExceeded());
    }, left);
  });
  // Into a real promise first: drizzle's queries are lazy thenables that run once per `then`.
  const running = Promise.resolve(work());
  running.catch(() => {}); // settles after the deadline, once its connection is gone
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `cb` inside the ambient transaction if there is one, else straight on the pool. */
export async function useTransaction<T>(cb: (tx: Transaction | Database) => Promise<T>): Promise<T> {
  const current = TransactionContext.tryUse();
  if (current) return cb(current.tx);
  try {
    return await beforeDeadline(() => cb(database()));
  } catch (error) {
    throw toDatabaseError(error);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `cb` in a transaction, joining the ambient one if there is one. A serialization failure or
 * deadlock runs it again (up to three attempts). Effects registered with `afterCommit` run once
 * the outermost transaction has committed, never on rollback.
 */
export async function createTransaction<T>(cb: (tx: Transaction) => Promise<T>): Promise<T> {
  const current = TransactionContext.tryUse();
  if (current) return cb(current.tx);
  for (let attempt = 1; ; attempt++) {
    const effects: Effect[] = [];
    try {
      const result = await beforeDeadline(() =>
        database().transaction(async (tx) => {
          const value = await TransactionContext.with({ tx, effects }, () => cb(tx));
          // Throwing here rolls back: no COMMIT goes out whose outcome might come after the answer.
          if (remainingMs() < COMMIT_RESERVE_MS) throw deadlineExceeded();
          return value;
        }),
      );
      await runEffects(effects);
      return result;
    } catch (error) {
      if (attempt < MAX_ATTEMPTS && isRetryable(error) && remainingMs() > COMMIT_RESERVE_MS) {
        await pause(10 * 2 ** attempt * Math.random());
        continue;
      }
      throw toDatabaseError(error);
    }
  }
}

/** An effect's failure is reported, not thrown: its transaction has committed, so the request succeeded. */
async function runEffects(effects: Effect[]): Promise<void> {
  const results = await Promise.allSettled(effects.map(async (effect) => effect()));
  for (const result of results) {
    if (result.status === "rejected") {
      const reason = result.reason as Error;
      console.error(
        JSON.stringify({ level: "ERROR", message: "afterCommit effect failed", error: reason?.name }),
      );
    }
  }
}

/**
 * Runs `effect` after the ambient transaction commits, or now when there is none. It runs in the
 * async context of the code that registered it (its caller, its deadline), not whoever commits.
 */
export async function afterCommit(effect: Effect): Promise<void> {
  const current = TransactionContext.tryUse();
  if (!current) {
    await effect();
    return;
  }
  const inRegistrantContext = AsyncLocalStorage.snapshot();
  current.effects.push(() => inRegistrantContext(effect));
}
