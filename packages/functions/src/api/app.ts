/**
 * The Hono app: request id, request log and the one error mapper around every route; the
 * health check, the OpenAPI document and its reference page; the promotion routes.
 */
import { useActor } from "@promotions/core/actor";
import { toDatabaseError } from "@promotions/core/drizzle/error";
import { useTransaction } from "@promotions/core/drizzle/transaction";
import { type ErrorKind, VisibleError } from "@promotions/core/error";
import { sql } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { Hono } from "hono/tiny";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { logger } from "../logger";
import { type AppEnv, authorize, type ErrorBody, pathOf } from "./common";
import { promotionRoutes } from "./promotion";
import { routes } from "./routes";

const statusOf: Record<ErrorKind, ContentfulStatusCode> = {
  input: 400,
  auth: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition: 412,
  unprocessable: 422,
  unavailable: 503,
};

/** Seconds a client should wait before retrying after a 503. */
const RETRY_AFTER_SECONDS = "5";

const errorBody = (code: string, message: string, issues: ErrorBody["error"]["issues"] = []): ErrorBody => ({
  error: { code, message, issues },
});

/**
 * The one place errors become responses: visible errors by kind, anything else a bare 500. A
 * driver error that got this far is first made safe: no SQL, parameters or values in the log.
 */
function errorResponse(thrown: unknown, c: Context<AppEnv>): Response {
  const error = toDatabaseError(thrown);
  if (error instanceof VisibleError) {
    if (error.kind === "unavailable") {
      c.header("Retry-After", RETRY_AFTER_SECONDS);
      logger.error("dependency unavailable", { requestId: c.get("requestId"), code: error.code, error });
    }
    return c.json(errorBody(error.code, error.message, error.issues), statusOf[error.kind]);
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Raised by Hono (malformed JSON, 400) or by `validate` in common.ts (a body that is not JSON, 415).
    const code =
      error.status === 415 ? "unsupported_media_type" : error.status === 400 ? "invalid_json" : "bad_request";
    const message = error.status === 415 ? "Send the body as application/json" : error.message;
    return c.json(errorBody(code, message), error.status as ContentfulStatusCode);
  }
  const requestId: string | undefined = c.get("requestId");
  logger.error("unhandled error", { requestId, error });
  return c.json(
    { error: { ...errorBody("internal_error", "Something went wrong on our side").error, requestId } },
    500,
  );
}

/** One log line per request; the caller comes from the request context, not from the token. */
const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
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

const base = new Hono<AppEnv>();
base.use(async (c, next) => {
  // API Gateway's id (it returns it as `apigw-requestid` too): a client's X-Request-Id could
  // forge or collide with another request's in the logs.
  c.set("requestId", c.env?.event?.requestContext.requestId ?? crypto.randomUUID());
  await next();
  c.header("X-Request-Id", c.get("requestId"));
});
base.use(requestLog);
// No CORS here: API Gateway answers preflights and sets the CORS headers itself (infra/api.ts,
// and the offline gateway), replacing any the function would send.
base.onError(errorResponse);
base.notFound((c) => c.json(errorBody("not_found", "No such route"), 404));

export const app = base
  .get(pathOf(routes.health), authorize(routes.health), async (c) => {
    await useTransaction((tx) => tx.execute(sql`select 1`));
    return c.json({ status: "ok" as const }, 200);
  })
  .route("/", promotionRoutes);

/**
 * The OpenAPI document, generated from these routes at build time (`npm run openapi`; a test
 * keeps it current) and shipped beside the bundle, so no generator runs in the function. Read
 * once, then given the asking server's URL and the stage's sign-in URLs.
 */
let document: Promise<OpenApiDocument> | undefined;
interface OpenApiDocument {
  servers?: { url: string }[];
  components: { securitySchemes: { cognito: { flows: { authorizationCode: Record<string, string> } } } };
}

/** Where the stage's sign-in lives: the dev issuer offline, Cognito's hosted domain in AWS (AUTH_URL). */
const authUrl = process.env.AUTH_URL ?? "http://localhost:3001";

/**
 * The document with the stage's sign-in URLs, read and completed once per process. node:fs/promises
 * is imported here, not at the top: Lambda starts Node with flags that turn off its code cache of
 * its own modules, so a top-level import would compile that module on every cold start, for a
 * route few of them serve.
 */
async function loadDocument(): Promise<OpenApiDocument> {
  const { readFile } = await import("node:fs/promises");
  const loaded: OpenApiDocument = JSON.parse(
    await readFile(new URL("./openapi.json", import.meta.url), "utf8"),
  );
  const flow = loaded.components.securitySchemes.cognito.flows.authorizationCode;
  for (const key of ["authorizationUrl", "tokenUrl", "refreshUrl"]) flow[key] = `${authUrl}${flow[key]}`;
  return loaded;
}

app.get(pathOf(routes.openapi), async (c) => {
  document ??= loadDocument();
  // As API Gateway forwards it (hono/aws-lambda's request URL is always https).
  const url = `${c.req.header("x-forwarded-proto") ?? "https"}://${c.req.header("host")}`;
  return c.json({ ...(await document), servers: [{ url }] });
});

/**
 * The reference UI is part of the web app (its `/docs/` page, with sign-in through the stage's
 * issuer), so none of its megabytes ship in this function; this route sends readers there.
 */
app.get(pathOf(routes.docs), (c) => c.redirect(process.env.DOCS_URL ?? "http://localhost:5173/docs/", 302));

export type App = typeof app;
