/**
 * The API's CORS policy, in one place: API Gateway answers preflights with it (infra/api.ts, and
 * the offline gateway), and the Hono app applies it too for hosts without a gateway.
 */
export function corsPolicy(origins: string[]) {
  return {
    allowOrigins: origins,
    allowMethods: ["GET", "POST", "PATCH", "DELETE"],
    allowHeaders: ["authorization", "content-type"],
    exposeHeaders: ["location", "retry-after", "x-request-id"],
    maxAge: 600,
  };
}

/** Web origins allowed to call the API, comma-separated in CORS_ORIGINS. */
export function corsOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.CORS_ORIGINS ?? "http://localhost:5173")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
}
