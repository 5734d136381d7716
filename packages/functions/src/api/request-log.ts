import { useActor } from "@promotions/core/actor";
import type { MiddlewareHandler } from "hono";
import { logger } from "../logger";
import type { AppEnv } from "./app";

/** One log line per request; the caller comes from the request context, not from the token. */
export const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  await next();
  const actor = useActor();
  logger.info("request", {
    requestId: c.get("requestId"),
    route: c.env?.event?.routeKey ?? `${c.req.method} ${c.req.path}`,
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
    actor: actor.type,
    ...(actor.type === "user" ? { sub: actor.properties.sub } : {}),
  });
};
