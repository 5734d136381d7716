import { createContext } from "../context";
import { VisibleError } from "../error";

const DeadlineContext = createContext<{ at: number }>("deadline");

/** Runs `fn` with a time by which its database work must be done (`Date.now()` milliseconds). */
export function withDeadline<T>(at: number, fn: () => T): T {
  return DeadlineContext.with({ at }, fn);
}

/** Milliseconds left before the current deadline; unbounded outside `withDeadline` (scripts, migrations). */
export function remainingMs(): number {
  const deadline = DeadlineContext.tryUse();
  return deadline ? deadline.at - Date.now() : Number.POSITIVE_INFINITY;
}

export function deadlineExceeded(): VisibleError {
  return new VisibleError(
    "unavailable",
    "database_timeout",
    "The database did not answer in time; nothing was changed. Try again shortly",
  );
}
