import { VisibleError } from "../error";

/** Socket-level failures (Node) and connection states (postgres.js) that mean "no database". */
const CONNECTION_FAILURES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
]);

/**
 * SQLSTATEs for a server that is going away, refusing connections, out of room, or that cancelled
 * the statement (statement_timeout): transient, so the caller should retry.
 */
function isTransientSqlState(code: string): boolean {
  return (
    code.startsWith("08") || // connection_exception
    ["57P01", "57P02", "57P03", "53300", "57014", "40001", "40P01"].includes(code)
  );
}

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
  }
  return codes;
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const {
      code,
      constraint: name,
      constraint_name,
    } = e as {
      code?: unknown;
      constraint?: unknown;
      constraint_name?: unknown;
    };
    if (code === "23505" && (name === constraint || constraint_name === constraint)) return true;
  }
  return false;
}

/** Turns a driver error that means "database unavailable" into a visible `unavailable` error. */
export function toDatabaseError(error: unknown): unknown {
  if (error instanceof VisibleError) return error;
  const unavailable = codesOf(error).some(
    (code) => CONNECTION_FAILURES.has(code) || isTransientSqlState(code),
  );
  if (!unavailable) return error;
  return new VisibleError(
    "unavailable",
    "database_unavailable",
    "The database is unavailable; try again shortly",
    [],
    { cause: error },
  );
}
