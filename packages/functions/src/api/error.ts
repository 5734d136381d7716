import { z } from "@hono/zod-openapi";
import type { ErrorKind } from "@promotions/core/error";
import { VisibleError } from "@promotions/core/error";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { logger } from "../logger";

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "invalid_input" }),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })),
      requestId: z.string().optional().meta({ description: "Present on 500s: quote it when reporting" }),
    }),
  })
  .meta({ id: "Error" });
export type ErrorBody = z.infer<typeof ErrorBody>;

const statusOf: Record<ErrorKind, ContentfulStatusCode> = {
  input: 400,
  auth: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
};

/** Seconds a client should wait before retrying after a 503. */
const RETRY_AFTER_SECONDS = "5";

function body(code: string, message: string, issues: ErrorBody["error"]["issues"] = []): ErrorBody {
  return { error: { code, message, issues } };
}

/** The one place errors become responses: visible errors by kind, anything else a bare 500. */
export function errorResponse(error: unknown, c: Context): Response {
  if (error instanceof VisibleError) {
    if (error.kind === "unavailable") {
      c.header("Retry-After", RETRY_AFTER_SECONDS);
      logger.error("dependency unavailable", { requestId: c.get("requestId"), code: error.code, error });
    }
    return c.json(body(error.code, error.message, error.issues), statusOf[error.kind]);
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Raised by Hono itself: malformed JSON (400), a body that is not JSON (415).
    const code =
      error.status === 415 ? "unsupported_media_type" : error.status === 400 ? "invalid_json" : "bad_request";
    const message = error.status === 415 ? "Send the body as application/json" : error.message;
    return c.json(body(code, message), error.status as ContentfulStatusCode);
  }
  const requestId: string | undefined = c.get("requestId");
  logger.error("unhandled error", { requestId, error });
  return c.json(
    { error: { ...body("internal_error", "Something went wrong on our side").error, requestId } },
    500,
  );
}
