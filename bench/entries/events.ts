/** The events the bench sends, built by the one API Gateway event builder the gateway and tests use. */
import { routes, Scope } from "../../packages/functions/src/api/routes";
import {
  apiGatewayEvent,
  compileRoutes,
  lambdaContext as context,
} from "../../packages/local/src/gateway/event";

const matchRoute = compileRoutes(Object.values(routes));
const now = Math.floor(Date.now() / 1000);

function event(method: string, url: string, n: number, auth: boolean) {
  const path = url.split("?")[0] as string;
  const route = matchRoute(method, path);
  if (!route) throw new Error(`No route for ${method} ${path}`);
  return apiGatewayEvent({
    method,
    url,
    headers: { accept: "application/json" },
    route,
    requestId: `bench-${n}`,
    host: "bench.execute-api.eu-west-1.amazonaws.com",
    ...(auth
      ? {
          auth: {
            claims: {
              sub: "bench",
              username: "bench",
              client_id: "promotions-web",
              token_use: "access",
              scope: Object.values(Scope).join(" "),
              iat: now,
              exp: now + 3600,
            },
            scopes: Object.values(Scope),
          },
        }
      : {}),
  });
}

/** `GET /promotions?limit=20` as the user `bench`. */
export const listEvent = (n = 0) => event("GET", "/promotions?limit=20", n, true);
export const healthEvent = (n = 0) => event("GET", "/health", n, false);
export const lambdaContext = () => context("bench", 30_000);
