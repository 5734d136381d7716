/**
 * The benchmark's baseline for createContext: the same API with no AsyncLocalStorage, the value
 * held in a variable for the duration of `with`. That is what passing the actor explicitly costs
 * (nothing), and it is only correct when invocations run one at a time, as the benchmark does.
 */
import { ContextNotFoundError } from "../packages/core/src/context";

export { ContextNotFoundError };

export function createContext<T>(name: string) {
  let current: T | undefined;
  return {
    name,
    use(): T {
      if (current === undefined) throw new ContextNotFoundError(name);
      return current;
    },
    tryUse(): T | undefined {
      return current;
    },
    with<R>(value: T, fn: () => R): R {
      const previous = current;
      current = value;
      const result = fn();
      if (result instanceof Promise) {
        return result.finally(() => {
          current = previous;
        }) as R;
      }
      current = previous;
      return result;
    },
  };
}
