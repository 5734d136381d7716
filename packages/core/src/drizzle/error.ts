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

/** Failures that pass: the caller should retry after a while (503 + Retry-After). */
function isTransient(code: string): boolean {
  return (
    CONNECTION_FAILURES.has(code) ||
    code.startsWith("08") || // connection_exception
    code.startsWith("53") || // insufficient_resources: too many connections, disk full, out of memory
    code.startsWith("57P") || // admin_shutdown, crash_shutdown, cannot_connect_now, database_dropped
    [
      "57014", // query_canceled: statement_timeout
      "55P03", // lock_not_available: lock_timeout
      "55000", // object_not_in_prerequisite_state: a database not accepting connections
      "25006", // read_only_sql_transaction: a standby or a database set read-only (failover)
      "25P03", // idle_in_transaction_session_timeout
      "40001", // serialization_failure, once its retries are spent
      "40P01", // deadlock_detected, likewise
    ].includes(code)
  );
}

/** Serialization failures and deadlocks: the transaction may simply run again. */
export function isRetryable(error: unknown): boolean {
  const code = sqlState(error);
  return code === "40001" || code === "40P01";
}

/** What a driver error says about itself that is safe to log: never its message, SQL or parameters. */
export interface DatabaseErrorFields {
  code: string;
  routine?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

/**
 * A database failure with the query, its parameters and the server's message left out: drizzle
 * puts the SQL and every parameter in its error message, and PostgreSQL quotes offending values
 * in its own, so neither may reach a log line or a response.
 */
export class DatabaseError extends Error {
  override readonly name = "DatabaseError";
  constructor(readonly fields: DatabaseErrorFields) {
    super(`Database error ${fields.code}${fields.routine ? ` in ${fields.routine}` : ""}`);
  }
  get code() {
    return this.fields.code;
  }
}

/** The first error in the cause chain that carries a code (postgres.js puts SQLSTATE in `code`). */
function coded(error: unknown): (Error & Record<string, unknown>) | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (typeof (e as { code?: unknown }).code === "string") return e as Error & Record<string, unknown>;
  }
  return undefined;
}

export function sqlState(error: unknown): string | undefined {
  return coded(error)?.code as string | undefined;
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (error instanceof DatabaseError) return error.code === "23505" && error.fields.constraint === constraint;
  const e = coded(error);
  return e?.code === "23505" && (e.constraint_name ?? e.constraint) === constraint;
}

const text = (value: unknown) => (typeof value === "string" && value ? value : undefined);

/**
 * Turns whatever the driver threw into an error that is safe to show and to log: an outage into
 * `unavailable` (503), a value the database rejects into `input` (400), anything else into a
 * `DatabaseError` without message or parameters.
 */
export function toDatabaseError(error: unknown): unknown {
  if (error instanceof VisibleError || error instanceof DatabaseError) return error;
  const e = coded(error);
  if (!e) return error;
  const code = e.code as string;
  if (isTransient(code)) {
    return new VisibleError(
      "unavailable",
      "database_unavailable",
      "The database is unavailable; try again shortly",
    );
  }
  if (code.startsWith("22") || code === "23502" || code === "23514") {
    // Data exceptions (a NUL byte, a date out of range, a string too long) that validation let through.
    return new VisibleError("input", "invalid_input", "A value is not one the database can store");
  }
  return new DatabaseError({
    code,
    ...(text(e.routine) ? { routine: text(e.routine) } : {}),
    ...(text(e.constraint_name) ? { constraint: text(e.constraint_name) } : {}),
    ...(text(e.table_name) ? { table: text(e.table_name) } : {}),
    ...(text(e.column_name) ? { column: text(e.column_name) } : {}),
  });
}
