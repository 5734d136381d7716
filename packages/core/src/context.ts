import { AsyncLocalStorage } from "node:async_hooks";

/** Thrown by `use()` when code runs outside the `with(...)` that should have provided a value. */
export class ContextNotFoundError extends Error {
  override readonly name = "ContextNotFoundError";
  constructor(readonly context: string) {
    super(
      `No ${context} context: this code ran outside with${context[0]?.toUpperCase()}${context.slice(1)}(...)`,
    );
  }
}

/**
 * A value scoped to one async call tree. Only `run` seeds the store: `enterWith` would leak the
 * value into whatever runs next on the same async resource (the next warm Lambda invocation).
 */
export function createContext<T>(name: string) {
  const storage = new AsyncLocalStorage<T>();
  return {
    name,
    use(): T {
      const value = storage.getStore();
      if (value === undefined) throw new ContextNotFoundError(name);
      return value;
    },
    tryUse(): T | undefined {
      return storage.getStore();
    },
    with<R>(value: T, fn: () => R): R {
      return storage.run(value, fn);
    },
  };
}
