/**
 * What API Gateway is configured with: every route the API serves with its authorization, and
 * the CORS policy. infra/api.ts declares these on the HTTP API, the offline gateway enforces them,
 * and the Hono app checks them again. It imports nothing, so any of those can read it cheaply.
 */
export const Scope = {
  read: "promotions/read",
  write: "promotions/write",
} as const;
export type Scope = (typeof Scope)[keyof typeof Scope];

export type RouteSpec =
  | { method: "GET" | "POST" | "PATCH" | "DELETE"; path: string; auth: "none" }
  | { method: "GET" | "POST" | "PATCH" | "DELETE"; path: string; auth: "jwt"; scopes: readonly Scope[] };

export const routes = {
  health: { method: "GET", path: "/health", auth: "none" },
  openapi: { method: "GET", path: "/openapi.json", auth: "none" },
  docs: { method: "GET", path: "/docs", auth: "none" },
  listPromotions: { method: "GET", path: "/promotions", auth: "jwt", scopes: [Scope.read] },
  createPromotion: { method: "POST", path: "/promotions", auth: "jwt", scopes: [Scope.write] },
  getPromotion: { method: "GET", path: "/promotions/{id}", auth: "jwt", scopes: [Scope.read] },
  updatePromotion: { method: "PATCH", path: "/promotions/{id}", auth: "jwt", scopes: [Scope.write] },
  archivePromotion: { method: "DELETE", path: "/promotions/{id}", auth: "jwt", scopes: [Scope.write] },
} as const satisfies Record<string, RouteSpec>;

/** API Gateway's name for a route, e.g. `GET /promotions/{id}`. */
export function routeKey(route: RouteSpec): string {
  return `${route.method} ${route.path}`;
}

/**
 * API Gateway grants a route to a token holding at least one of the route's scopes; the app's own
 * check (`authorize` in api/common.ts) and the offline gateway apply this same rule.
 */
export function grants(route: RouteSpec, scopes: readonly string[]): boolean {
  return route.auth === "none" || route.scopes.some((scope) => scopes.includes(scope));
}

/** The CORS policy API Gateway applies (infra/api.ts, and the offline gateway): the function sends none. */
export function corsPolicy(origins: string[]) {
  return {
    allowOrigins: origins,
    allowMethods: ["GET", "POST", "PATCH", "DELETE"],
    allowHeaders: ["authorization", "content-type", "idempotency-key", "if-match"],
    exposeHeaders: ["etag", "idempotent-replayed", "location", "retry-after", "x-request-id"],
    maxAge: 600,
  };
}
export type CorsPolicy = ReturnType<typeof corsPolicy>;

/** A comma-separated list of origins, as CORS_ORIGINS holds it. */
export function parseOrigins(value: string): string[] {
  return value
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
}
