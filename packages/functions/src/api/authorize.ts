import { useActor } from "@promotions/core/actor";
import { VisibleError } from "@promotions/core/error";
import type { MiddlewareHandler } from "hono";
import type { RouteSpec } from "./routes";

/**
 * Checks the route's authorization again inside the app. API Gateway's JWT authorizer already
 * did, so this only ever fails if the gateway is misconfigured: defence in depth.
 */
export function authorize(route: RouteSpec): MiddlewareHandler {
  return async (_c, next) => {
    if (route.auth === "jwt") {
      const actor = useActor();
      if (actor.type !== "user") {
        throw new VisibleError("auth", "unauthorized", "Sign in to use this route");
      }
      const missing = route.scopes.filter((scope) => !actor.properties.scopes.includes(scope));
      if (missing.length > 0) {
        throw new VisibleError(
          "forbidden",
          "insufficient_scope",
          `This route needs the scope ${missing.join(" ")}`,
        );
      }
    }
    await next();
  };
}
