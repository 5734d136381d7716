import type { $ZodError } from "zod/v4/core";

/** What went wrong, from the caller's point of view; the API maps each kind to one status code. */
export type ErrorKind =
  | "input"
  | "auth"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "precondition"
  | "unprocessable"
  | "unavailable";

export interface ErrorIssue {
  /** Dotted path of the offending field, e.g. `discount.value`; empty for the input as a whole. */
  path: string;
  message: string;
}

/** An error whose code and message are safe to show to the caller. */
export class VisibleError extends Error {
  override readonly name = "VisibleError";
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly issues: ErrorIssue[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  static fromZod(error: $ZodError, prefix: readonly PropertyKey[] = []): VisibleError {
    const issues = error.issues.map((issue) => ({
      path: [...prefix, ...issue.path].map(String).join("."),
      message: issue.message,
    }));
    const fields = [...new Set(issues.map((issue) => issue.path || "(input)"))].join(", ");
    return new VisibleError("input", "invalid_input", `Invalid input: ${fields}`, issues);
  }
}
