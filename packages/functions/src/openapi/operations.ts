/**
 * What the document says beyond what the routes check: each operation's summary and answers,
 * and who sends each error status. Build time only: nothing here ships in the function.
 */
import { Promotion } from "@promotions/core/promotion";
import { z } from "zod";
import type { $ZodType } from "zod/v4/core";
import type { routes } from "../api/routes";

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

/** API Gateway's own answers (no route, no or a bad token, a missing scope, throttling, …): `{"message": …}`. */
export const GatewayError = z
  .object({ message: z.string().meta({ example: "Unauthorized" }) })
  .meta({ id: "GatewayError", description: "An answer of API Gateway itself; the function was not invoked" });

/**
 * Who answers each error status, and why: the app (the error body), API Gateway (its message
 * body), or either. The document must say what a client really receives.
 */
export const errorStatuses = {
  400: { from: "app", description: "Invalid input: every failing field is listed in `issues`" },
  401: {
    from: "either",
    description: "No or an invalid token (API Gateway), or a token whose claims cannot be used (the API)",
  },
  403: {
    from: "either",
    description: "The token lacks the route's scope (API Gateway), or the caller may not do this (the API)",
  },
  404: { from: "app", description: "No such promotion (also for another user's promotion)" },
  409: {
    from: "app",
    description:
      "Conflicts with the current state (duplicate code, archived promotion, an Idempotency-Key still in use)",
  },
  412: { from: "app", description: "`If-Match` names a version the promotion is no longer at" },
  413: { from: "gateway", description: "The request is over API Gateway's 10 MB limit" },
  415: { from: "app", description: "The body is not application/json" },
  422: { from: "app", description: "The Idempotency-Key was used before with another body" },
  429: { from: "gateway", description: "API Gateway throttled the request; retry with backoff" },
  500: { from: "either", description: "An unexpected failure; the API's body carries a request id to quote" },
  503: {
    from: "either",
    description:
      "The database is unavailable or too slow (the API, with `Retry-After`; nothing was written), or the function did not answer in time (API Gateway)",
  },
} as const;
export type ErrorStatus = keyof typeof errorStatuses;

export interface Success {
  status: 200 | 201;
  description: string;
  schema: $ZodType;
  /** The promotion's ETag comes with the answer. */
  etag?: boolean;
}

export interface OperationDoc {
  summary: string;
  description?: string;
  success: Success;
  /** The error statuses the app itself may answer on this route; the ones every route shares are added. */
  errors: ErrorStatus[];
}

export type OperationId = Exclude<keyof typeof routes, "openapi" | "docs">;

export const operations: Record<OperationId, OperationDoc> = {
  health: {
    summary: "Liveness and database reachability",
    success: {
      status: 200,
      description: "The API and its database answer",
      schema: z.object({ status: z.literal("ok") }),
    },
    errors: [],
  },
  listPromotions: {
    summary: "List your promotions, newest first",
    success: { status: 200, description: "A page of promotions", schema: Promotion.Page },
    errors: [400],
  },
  createPromotion: {
    summary: "Create a promotion",
    description:
      "Send an `Idempotency-Key` to make retries safe: the same key with the same body replays the first answer.",
    success: {
      status: 201,
      description: "The created promotion (or, for a repeated key, the first answer)",
      schema: Promotion.Info,
      etag: true,
    },
    errors: [400, 409, 415, 422],
  },
  getPromotion: {
    summary: "Get one of your promotions",
    success: { status: 200, description: "The promotion", schema: Promotion.Info, etag: true },
    errors: [404],
  },
  updatePromotion: {
    summary: "Change some fields of one of your promotions",
    success: { status: 200, description: "The updated promotion", schema: Promotion.Info, etag: true },
    errors: [400, 404, 409, 412, 415],
  },
  archivePromotion: {
    summary: "Archive one of your promotions (idempotent)",
    success: { status: 200, description: "The archived promotion", schema: Promotion.Info, etag: true },
    errors: [404, 412],
  },
};
