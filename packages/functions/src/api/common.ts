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
import { grants, type RouteSpec } from "./routes";

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

type Method = Lowercase<RouteSpec["method"]>;

/**
 * An OpenAPI route built from an entry of the route table, so method, path and authorization can
 * only come from that table, and every route carries the `authorize` check.
 */
export function defineRoute<
  const S extends RouteSpec,
  const C extends Omit<RouteConfig, "method" | "path" | "middleware" | "security">,
>(spec: S, config: C) {
  return createRoute({
    ...config,
    method: spec.method.toLowerCase() as Lowercase<S["method"]> & Method,
    path: spec.path as S["path"],
    middleware: [authorize(spec)] as const,
    security: spec.auth === "jwt" ? [{ cognito: [...spec.scopes] }] : [],
  });
}

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { content: { "application/json": { schema } }, description };
}

const errorDescriptions = {
  400: "Invalid input: every failing field is listed in `issues`",
  401: "Missing or unusable credentials",
  403: "The token lacks the scope this route needs",
  404: "No such promotion (also for another user's promotion)",
  409: "Conflicts with the current state (duplicate code, archived promotion, an Idempotency-Key still in use)",
  412: "`If-Match` names a version the promotion is no longer at",
  415: "The body is not application/json",
  422: "The Idempotency-Key was used before with another body",
  503: "The database is unavailable; retry after `Retry-After` seconds",
} as const;

/** The documented error responses of a route, all with the one error body. */
export function errorResponses<const K extends keyof typeof errorDescriptions>(...statuses: K[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, jsonContent(ErrorBody, errorDescriptions[status])]),
  ) as { [P in K]: ReturnType<typeof jsonContent<typeof ErrorBody>> };
}
