import { createServer, type IncomingMessage, type Server } from "node:http";
import type { CorsPolicy, RouteSpec } from "@promotions/functions/api/routes";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import type { JwtAuthorizer } from "./authorizer";
import { apiGatewayEvent, compileRoutes, gatewayRequestId, lambdaContext, MalformedPathError } from "./event";
import { fromLambdaResult, type GatewayResponse, gatewayAnswer } from "./result";

/**
 * The Lambda handler behind the gateway: any payload 2.0 handler, including middy's, whose extra
 * optional argument the rest parameter admits.
 */
export type LambdaHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
  ...rest: never[]
) => Promise<unknown>;

export interface GatewayOptions {
  handler: LambdaHandler;
  routes: readonly RouteSpec[];
  authorizer: JwtAuthorizer;
  cors?: CorsPolicy;
  functionName?: string;
  /** API Gateway's hard limits: 10 MB payloads, 30 s integration timeout. */
  maxBodyBytes?: number;
  timeoutMs?: number;
  /** Stage throttling, as HTTP APIs apply it: a steady rate and a burst (default: the account's 10,000 / 5,000). */
  throttle?: { rateLimit: number; burstLimit: number };
  /** Called once per request with one line to log. */
  log?: (line: string) => void;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const THROTTLE = { rateLimit: 10_000, burstLimit: 5_000 };

/** API Gateway's throttling: a token bucket holding `burstLimit` tokens, refilled at `rateLimit` a second. */
function tokenBucket({ rateLimit, burstLimit }: { rateLimit: number; burstLimit: number }) {
  let tokens = burstLimit;
  let last = performance.now();
  return function take(): boolean {
    const now = performance.now();
    tokens = Math.min(burstLimit, tokens + ((now - last) / 1000) * rateLimit);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/** Connection-level headers a proxy consumes instead of forwarding. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);
const TIMEOUT_MS = 30_000;

class PayloadTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new PayloadTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
const TIMED_OUT = Symbol("timed out");

/**
 * An API Gateway HTTP API in front of one Lambda handler, for running offline: routes from the
 * route table, the JWT authorizer, payload 2.0 events, CORS and the gateway's limits. Requests run
 * concurrently in this one process, where Lambda would use separate containers.
 */
export function createGateway(options: GatewayOptions): Server {
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const admit = tokenBucket(options.throttle ?? THROTTLE);
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  const functionName = options.functionName ?? "promotions-local-Api";
  const cors = options.cors;
  const matchRoute = compileRoutes(options.routes);

  function corsHeaders(origin: string | undefined): [string, string][] {
    if (!cors || !origin || !cors.allowOrigins.includes(origin)) return [];
    return [
      ["access-control-allow-origin", origin],
      ["vary", "origin"],
      ...(cors.exposeHeaders.length > 0
        ? ([["access-control-expose-headers", cors.exposeHeaders.join(",")]] as [string, string][])
        : []),
    ];
  }

  async function respond(
    req: IncomingMessage,
    requestId: string,
  ): Promise<GatewayResponse & { note?: string }> {
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://gateway").pathname;
    const origin = req.headers.origin;

    if (cors && method === "OPTIONS" && req.headers["access-control-request-method"]) {
      const allowed = origin !== undefined && cors.allowOrigins.includes(origin);
      const headers: [string, string][] = allowed
        ? [
            ["access-control-allow-origin", origin],
            ["access-control-allow-methods", cors.allowMethods.join(",")],
            ["access-control-allow-headers", cors.allowHeaders.join(",")],
            ["access-control-max-age", String(cors.maxAge)],
            ["vary", "origin"],
          ]
        : [];
      return { status: 204, headers, body: Buffer.alloc(0), note: "preflight" };
    }

    if (!admit()) return { ...gatewayAnswer(429, "Too Many Requests"), note: "throttled" };

    let route: ReturnType<typeof matchRoute>;
    try {
      route = matchRoute(method, path);
    } catch (error) {
      // A path that is not a valid URI never reaches the authorizer or the function.
      if (error instanceof MalformedPathError)
        return { ...gatewayAnswer(400, "Bad Request"), note: "malformed path" };
      throw error;
    }
    if (!route) return { ...gatewayAnswer(404, "Not Found"), note: "no route" };

    if (Number(req.headers["content-length"] ?? 0) > maxBody) {
      return { ...gatewayAnswer(413, "Request Entity Too Large"), note: "payload limit" };
    }

    let auth: { claims: Record<string, unknown>; scopes: string[] } | undefined;
    if (route.spec.auth === "jwt") {
      const result = await options.authorizer(req.headers.authorization, route.spec.scopes);
      if (!result.ok) {
        const challenge: [string, string][] = result.tokenSent
          ? [
              [
                "www-authenticate",
                `Bearer scope="" error="invalid_token" error_description="${result.description}"`,
              ],
            ]
          : [];
        const answer =
          result.status === 403
            ? gatewayAnswer(403, "Forbidden")
            : gatewayAnswer(401, "Unauthorized", challenge);
        return { ...answer, note: result.description };
      }
      auth = { claims: result.claims, scopes: result.scopes };
    }

    let body: Buffer;
    try {
      body = await readBody(req, maxBody);
    } catch (error) {
      if (error instanceof PayloadTooLarge)
        return { ...gatewayAnswer(413, "Request Entity Too Large"), note: "payload limit" };
      throw error;
    }

    const event = apiGatewayEvent({
      method,
      url: req.url ?? "/",
      headers: Object.fromEntries(
        Object.entries(req.headersDistinct).filter(([name]) => !HOP_BY_HOP.has(name)),
      ),
      body,
      route,
      requestId,
      sourceIp: (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""),
      host: req.headers.host ?? "localhost",
      protocol: `HTTP/${req.httpVersion}`,
      port: req.socket.localPort ?? 80,
      proto: "http",
      ...(auth ? { auth } : {}),
    });
    const invocation = options.handler(event, lambdaContext(functionName, timeoutMs));
    let result: unknown;
    try {
      result = await withTimeout(invocation, timeoutMs);
    } catch {
      return { ...gatewayAnswer(500, "Internal Server Error"), note: "handler threw" };
    }
    if (result === TIMED_OUT) {
      invocation.catch(() => {}); // it may still fail after we gave up on it
      return { ...gatewayAnswer(503, "Service Unavailable"), note: "integration timeout" };
    }
    const response = fromLambdaResult(result);
    // With CORS configured, API Gateway ignores the integration's CORS headers and sets its own.
    if (cors) response.headers = response.headers.filter(([name]) => !name.startsWith("access-control-"));
    return response;
  }

  return createServer(async (req, res) => {
    const started = performance.now();
    const requestId = gatewayRequestId();
    let response: GatewayResponse & { note?: string };
    try {
      response = await respond(req, requestId);
    } catch {
      response = gatewayAnswer(500, "Internal Server Error");
    }
    const cors = response.note === "preflight" ? [] : corsHeaders(req.headers.origin);
    res.writeHead(response.status, [...response.headers, ...cors, ["apigw-requestid", requestId]].flat());
    res.end(response.body);
    if (!req.complete) req.resume(); // drain what we did not read (e.g. a rejected upload)
    // The path only: a query string may carry what does not belong in a log.
    const path = (req.url ?? "/").split("?")[0];
    options.log?.(
      `${req.method} ${path} ${response.status} ${Math.round(performance.now() - started)}ms${response.note ? ` (${response.note})` : ""}`,
    );
  });
}
