import { createRoute, type RouteConfig, type z } from "@hono/zod-openapi";
import { authorize } from "./authorize";
import { ErrorBody } from "./error";
import type { RouteSpec } from "./routes";

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
  409: "Conflicts with the current state (duplicate code, archived promotion)",
  415: "The body is not application/json",
  503: "The database is unavailable; retry after `Retry-After` seconds",
} as const;

/** The documented error responses of a route, all with the one error body. */
export function errorResponses<const K extends keyof typeof errorDescriptions>(...statuses: K[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, jsonContent(ErrorBody, errorDescriptions[status])]),
  ) as { [P in K]: ReturnType<typeof jsonContent<typeof ErrorBody>> };
}
