import { randomUUID } from "node:crypto";
import { handler } from "../../src/api";
import { type RouteSpec, routeKey, routes } from "../../src/api/routes";
import type { ActorContext, ApiEvent, ApiResult } from "../../src/middleware/claims";

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
    scope: (scopes ?? ["promotions/read", "promotions/write"]).join(" "),
    sub,
    token_use: "access",
    username,
  };
}

function matchRoute(method: string, path: string): RouteSpec | undefined {
  return Object.values(routes).find(
    (route) =>
      route.method === method && new RegExp(`^${route.path.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path),
  );
}

export interface RequestOptions {
  /** `null` sends no authorizer at all, as on a public route. */
  claims?: Record<string, unknown> | null;
  scopes?: string[];
  query?: string;
  body?: unknown;
  rawBody?: string;
  base64?: boolean;
  headers?: Record<string, string>;
  cookies?: string[];
}

/** A payload format 2.0 event as API Gateway builds it for an HTTP API route with a JWT authorizer. */
export function apiEvent(method: string, path: string, options: RequestOptions = {}): ApiEvent {
  const route = matchRoute(method, path);
  const text = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const body = text !== undefined && options.base64 ? Buffer.from(text).toString("base64") : text;
  const now = new Date();
  const claims = options.claims === undefined ? authorizerClaims({ sub: "ada" }) : options.claims;
  const query = options.query ?? "";
  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    queryStringParameters[key] =
      queryStringParameters[key] === undefined ? value : `${queryStringParameters[key]},${value}`;
  }
  const headers: Record<string, string> = {
    accept: "application/json",
    host: "api.example.com",
    "user-agent": "vitest",
    "x-forwarded-for": "203.0.113.7",
    "x-forwarded-port": "443",
    "x-forwarded-proto": "https",
    ...(text === undefined
      ? {}
      : { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) }),
    ...Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const requestId = randomUUID();
  const event = {
    version: "2.0",
    routeKey: route ? routeKey(route) : "$default",
    rawPath: path,
    rawQueryString: query,
    ...(options.cookies ? { cookies: options.cookies } : {}),
    headers,
    ...(query ? { queryStringParameters } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: "a1b2c3d4e5",
      ...(claims === null || route?.auth === "none"
        ? {}
        : {
            authorizer: {
              jwt: {
                claims,
                scopes:
                  options.scopes ??
                  String(claims.scope ?? "")
                    .split(" ")
                    .filter(Boolean),
              },
            },
          }),
      domainName: "api.example.com",
      domainPrefix: "api",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "vitest" },
      requestId,
      routeKey: route ? routeKey(route) : "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: Boolean(options.base64),
  };
  return event as unknown as ApiEvent;
}

export function lambdaContext(): ActorContext {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "promotions-dev-Api",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:promotions-dev-Api",
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: "/aws/lambda/promotions-dev-Api",
    logStreamName: "2026/11/27/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  } as unknown as ActorContext;
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are arbitrary JSON that each test asserts on exactly.
export type Json = any;

export interface Answer<T = Json> {
  status: number;
  headers: Record<string, string | number | boolean>;
  body: T;
}

/** Invokes the exported Lambda handler the way the Lambda runtime does, and parses the JSON body. */
export async function invoke<T = Json>(event: ApiEvent): Promise<Answer<T>> {
  const result = (await handler(event, lambdaContext())) as ApiResult;
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

/** A request as user `sub` with both scopes unless told otherwise. */
export function as(sub: string, claims: Omit<TokenClaims, "sub"> = {}) {
  const tokenClaims = authorizerClaims({ sub, ...claims });
  return <T = Json>(method: string, path: string, options: RequestOptions = {}) =>
    invoke<T>(apiEvent(method, path, { claims: tokenClaims, ...options }));
}
