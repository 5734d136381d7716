/**
 * One JSON line per event, on stdout, where Lambda sends it to CloudWatch (Logs Insights reads
 * the fields). Not Powertools' Logger: it cost 23 KB of a 200 KB bundle and time at every cold
 * start for features this API does not use (sampling, context injection, buffering).
 * Request fields are passed on each call, never kept on the logger: invocations run
 * concurrently in one process offline, and would otherwise share them.
 */
const LEVELS = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, "SILENT">;

const threshold =
  LEVELS[(process.env.LOG_LEVEL?.toUpperCase() ?? "INFO") as keyof typeof LEVELS] ?? LEVELS.INFO;
const service = process.env.SERVICE_NAME ?? "promotions-api";

/** An error as a log field: its name, message, stack and the safe fields a DatabaseError carries. */
function serialise(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const { fields, code } = value as { fields?: unknown; code?: unknown };
  return {
    name: value.name,
    message: value.message,
    ...(code === undefined ? {} : { code }),
    ...(fields === undefined ? {} : { fields }),
    stack: value.stack,
  };
}

function write(level: Level, message: string, fields: Record<string, unknown>) {
  if (LEVELS[level] < threshold) return;
  const line: Record<string, unknown> = { level, message, service, timestamp: new Date().toISOString() };
  for (const key in fields) line[key] = serialise(fields[key]);
  (level === "ERROR" ? console.error : console.log)(JSON.stringify(line));
}

export const logger = {
  debug: (message: string, fields: Record<string, unknown> = {}) => write("DEBUG", message, fields),
  info: (message: string, fields: Record<string, unknown> = {}) => write("INFO", message, fields),
  warn: (message: string, fields: Record<string, unknown> = {}) => write("WARN", message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => write("ERROR", message, fields),
};
