import { createContext } from "../context";
import { toDatabaseError } from "./error";
import { type Database, database, type Transaction } from "./index";

type Effect = () => unknown | Promise<unknown>;

const TransactionContext = createContext<{ tx: Transaction; effects: Effect[] }>("transaction");

/** Runs `cb` inside the ambient transaction if there is one, else straight on the pool. */
export async function useTransaction<T>(cb: (tx: Transaction | Database) => Promise<T>): Promise<T> {
  const current = TransactionContext.tryUse();
  if (current) return cb(current.tx);
  try {
    return await cb(database());
  } catch (error) {
    throw toDatabaseError(error);
  }
}

/**
 * Runs `cb` in a transaction, joining the ambient one if there is one. Effects registered with
 * `afterCommit` inside it run once the outermost transaction has committed, never on rollback.
 */
export async function createTransaction<T>(cb: (tx: Transaction) => Promise<T>): Promise<T> {
  const current = TransactionContext.tryUse();
  if (current) return cb(current.tx);
  const effects: Effect[] = [];
  let result: T;
  try {
    result = await database().transaction((tx) => TransactionContext.with({ tx, effects }, () => cb(tx)));
  } catch (error) {
    throw toDatabaseError(error);
  }
  await Promise.all(effects.map((effect) => effect()));
  return result;
}

/** Runs `effect` after the ambient transaction commits, or now when there is none. */
export async function afterCommit(effect: Effect): Promise<void> {
  const current = TransactionContext.tryUse();
  if (current) current.effects.push(effect);
  else await effect();
}
