import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";
import { type ActorContext, handler } from "../../packages/functions/src/api";
import type { ApiEvent, ApiResult } from "../../packages/functions/src/api/common";
import { routes } from "../../packages/functions/src/api/routes";
import { apiGatewayEvent, compileRoutes, lambdaContext } from "../../packages/local/src/gateway/event";

export interface TokenClaims {
  sub: string;
  username?: string;
  groups?: string[];
  scopes?: string[];
}

/**
 * The claims of a Cognito access token the way API Gateway's JWT authorizer hands them to Lambda:
 * every value a string, numbers as decimal strings, `cognito:groups` flattened as "[a b]".
 */
export function authorizerClaims({
  sub,
  username = sub,
  groups = [],
  scopes,
}: TokenClaims): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  return {
    auth_time: String(now),
    client_id: "promotions-web",
    ...(groups.length > 0 ? { "cognito:groups": `[${groups.join(" ")}]` } : {}),
    event_id: randomUUID(),
    exp: String(now + 3600),
    iat: String(now),
    iss: "http://localhost:3001",
    jti: randomUUID(),
    origin_jti: randomUUID(),
    scope: (scopes ?? Object.values(routes).flatMap((route) => ("scopes" in route ? route.scopes : []))).join(
      " ",
    ),
    sub,
    token_use: "access",
    username,
  };
}

const matchRoute = compileRoutes(Object.values(routes));

export interface RequestOptions {
  /** `null` sends no authorizer at all, as on a public route. */
  claims?: Record<string, unknown> | null;
  scopes?: string[];
  query?: string;
  body?: unknown;
  rawBody?: string;
  /** Sends the body base64-encoded, as API Gateway does with payloads it does not see as text. */
  base64?: boolean;
  headers?: Record<string, string>;
  cookies?: string[];
}

/** A payload format 2.0 event as API Gateway builds it for an HTTP API route with a JWT authorizer. */
export function apiEvent(method: string, path: string, options: RequestOptions = {}): ApiEvent {
  const route = matchRoute(method, path);
  const text = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const claims = options.claims === undefined ? authorizerClaims({ sub: "ada" }) : options.claims;
  const event = apiGatewayEvent({
    method,
    url: options.query ? `${path}?${options.query}` : path,
    headers: {
      accept: "application/json",
      "user-agent": "vitest",
      ...(text === undefined ? {} : { "content-type": "application/json" }),
      ...(options.cookies ? { cookie: options.cookies.join("; ") } : {}),
      ...options.headers,
    },
    ...(text === undefined ? {} : { body: text }),
    route: route ?? { routeKey: "$default", pathParameters: {} },
    ...(claims === null || route?.spec.auth === "none"
      ? {}
      : {
          auth: {
            claims,
            scopes:
              options.scopes ??
              String(claims.scope ?? "")
                .split(" ")
                .filter(Boolean),
          },
        }),
    host: "api.example.com",
    sourceIp: "203.0.113.7",
  });
  if (options.base64 && event.body !== undefined) {
    event.body = Buffer.from(event.body).toString("base64");
    event.isBase64Encoded = true;
  }
  return event;
}

/** The context the Lambda runtime passes, with 30 s left. */
export const testContext = (): Context => lambdaContext("promotions-test-Api", 30_000);

// biome-ignore lint/suspicious/noExplicitAny: response bodies are arbitrary JSON that each test asserts on exactly.
export type Json = any;

export interface Answer<T = Json> {
  status: number;
  headers: Record<string, string | number | boolean>;
  body: T;
}

/** Invokes the exported Lambda handler the way the Lambda runtime does, and parses the JSON body. */
export async function invoke<T = Json>(
  event: ApiEvent,
  context: ActorContext = testContext(),
): Promise<Answer<T>> {
  const result = (await handler(event, context)) as ApiResult;
  const raw = result.isBase64Encoded
    ? Buffer.from(result.body ?? "", "base64").toString("utf8")
    : (result.body ?? "");
  const isJson = String(result.headers?.["content-type"] ?? "").includes("json");
  return {
    status: result.statusCode ?? 200,
    headers: result.headers ?? {},
    body: (isJson && raw ? JSON.parse(raw) : raw) as T,
  };
}

/** A function that sends requests as user `sub`, with every scope unless told otherwise. */
export function requestsAs(sub: string, claims: Omit<TokenClaims, "sub"> = {}) {
  const tokenClaims = authorizerClaims({ sub, ...claims });
  return <T = Json>(method: string, path: string, options: RequestOptions = {}) =>
    invoke<T>(apiEvent(method, path, { claims: tokenClaims, ...options }));
}
