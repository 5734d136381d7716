/**
 * What the API's modules share: the Lambda event and Hono environment types, the one error body,
 * and `defineRoute`, which turns an entry of the route table into a documented, authorized route.
 */
import { createRoute, type RouteConfig, z } from "@hono/zod-openapi";
import { useActor } from "@promotions/core/actor";
import { VisibleError } from "@promotions/core/error";
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import type { MiddlewareHandler } from "hono";
import type { LambdaContext } from "hono/aws-lambda";
import { grants, type RouteSpec, routes } from "./routes";

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export type AppEnv = {
  /** Set by hono/aws-lambda; absent when the app is called directly (app.request in tests). */
  Bindings: { event?: ApiEvent; lambdaContext?: LambdaContext | Context };
  /** API Gateway's request id (`requestContext.requestId`), never one a client sent. */
  Variables: { requestId: string };
};

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

/** Hands zod's failures to the error mapper, so a 400 lists every failing field. */
export function validationHook(result: { success: true } | { success: false; error: z.ZodError }): void {
  if (!result.success) throw VisibleError.fromZod(result.error);
}

/**
 * Checks the route's authorization again inside the app. API Gateway's JWT authorizer already
 * did, so this only ever fails if the gateway is misconfigured: defence in depth.
 */
function authorize(route: RouteSpec): MiddlewareHandler {
  return async (_c, next) => {
    if (route.auth === "jwt") {
      const actor = useActor();
      if (actor.type !== "user") {
        throw new VisibleError("auth", "unauthorized", "Sign in to use this route");
      }
      if (!grants(route, actor.properties.scopes)) {
        throw new VisibleError(
          "forbidden",
          "insufficient_scope",
          `This route needs the scope ${route.scopes.join(" or ")}`,
        );
      }
    }
    await next();
  };
}

/** API Gateway's own answers (no route, no or a bad token, a missing scope, throttling, …): `{"message": …}`. */
export const GatewayError = z
  .object({ message: z.string().meta({ example: "Unauthorized" }) })
  .meta({ id: "GatewayError", description: "An answer of API Gateway itself; the function was not invoked" });

const retryAfter = {
  "Retry-After": {
    description: "Seconds to wait before retrying (on the API's own 503; API Gateway's sends none)",
    required: false,
    schema: { type: "integer" as const },
  },
};

/**
 * Who answers each error status, and why: the app (the error body), API Gateway (its message
 * body), or either. The document must say what a client really receives.
 */
const errorStatuses = {
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

function errorResponse(status: ErrorStatus) {
  const { from, description } = errorStatuses[status];
  const schema =
    from === "app" ? ErrorBody : from === "gateway" ? GatewayError : z.union([ErrorBody, GatewayError]);
  return {
    description,
    content: { "application/json": { schema } },
    ...(status === 503 ? { headers: retryAfter } : {}),
  };
}

/** The documented error responses of a route, each with the body its sender really sends. */
export function errorResponses<const K extends ErrorStatus>(...statuses: K[]) {
  return Object.fromEntries(statuses.map((status) => [status, errorResponse(status)])) as {
    [P in K]: ReturnType<typeof errorResponse>;
  };
}

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { content: { "application/json": { schema } }, description };
}

type Method = Lowercase<RouteSpec["method"]>;
type RouteName = keyof typeof routes;

/**
 * An OpenAPI route built from an entry of the route table, so method, path and authorization can
 * only come from that table, every route carries the `authorize` check, and its operationId is
 * its name in the table. The statuses any route can get are documented here once: throttling,
 * failures and outages; the token's for routes behind the authorizer; the gateway's size limit
 * for routes with a body.
 */
export function defineRoute<
  const N extends RouteName,
  const C extends Omit<RouteConfig, "method" | "path" | "middleware" | "security" | "operationId">,
>(name: N, config: C) {
  const spec: RouteSpec = routes[name];
  const withBody = config.request !== undefined && "body" in config.request;
  return createRoute({
    ...config,
    operationId: name,
    method: spec.method.toLowerCase() as Lowercase<(typeof routes)[N]["method"]> & Method,
    path: spec.path as (typeof routes)[N]["path"],
    middleware: [authorize(spec)] as const,
    security: spec.auth === "jwt" ? [{ cognito: [...spec.scopes] }] : [],
    responses: {
      ...config.responses,
      ...(spec.auth === "jwt" ? errorResponses(401, 403) : {}),
      ...(withBody ? errorResponses(413) : {}),
      ...errorResponses(429, 500, 503),
    },
  });
}
