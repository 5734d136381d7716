/**
 * The route table: every route the API serves, with the authorization API Gateway enforces for it.
 * infra/api.ts declares these routes on the HTTP API, the offline gateway enforces them, and the
 * Hono app checks them again. It imports nothing, so any of those can read it cheaply.
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

export type RouteName = keyof typeof routes;

/** API Gateway's name for a route, e.g. `GET /promotions/{id}`. */
export function routeKey(route: RouteSpec): string {
  return `${route.method} ${route.path}`;
}
