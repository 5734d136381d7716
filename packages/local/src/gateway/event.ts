/**
 * API Gateway HTTP API's side of a Lambda invocation, in one place for the offline gateway, the
 * tests and the bench: the route matcher, the payload format 2.0 event, and the Lambda context.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { type RouteSpec, routeKey } from "@promotions/functions/api/routes";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";

export interface MatchedRoute {
  spec: RouteSpec;
  routeKey: string;
  pathParameters: Record<string, string>;
}

/** The route table as matchers, compiled once: `{name}` matches one path segment. */
export function compileRoutes(routes: readonly RouteSpec[]) {
  const compiled = routes.map((spec) => {
    const names: string[] = [];
    const pattern = new RegExp(
      `^${spec.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
      })}$`,
    );
    return { spec, names, pattern };
  });
  /**
   * The route for `method` and a raw (still percent-encoded) path; `undefined` when none matches.
   * Throws `MalformedPathError` for a path whose percent-encoding is broken (`/promotions/%`).
   */
  return function matchRoute(method: string, path: string): MatchedRoute | undefined {
    for (const { spec, names, pattern } of compiled) {
      if (spec.method !== method) continue;
      const match = pattern.exec(path);
      if (!match) continue;
      const pathParameters = Object.fromEntries(
        names.map((name, i) => [name, decodePathSegment(match[i + 1] ?? "")]),
      );
      return { spec, routeKey: routeKey(spec), pathParameters };
    }
    return undefined;
  };
}

export class MalformedPathError extends Error {
  override readonly name = "MalformedPathError";
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new MalformedPathError(`Malformed percent-encoding in ${segment}`);
  }
}

/** API Gateway hands claims to Lambda as strings: arrays as "[a b]", numbers in decimal. */
export function flattenClaim(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `[${value.map(flattenClaim).join(" ")}]`;
  if (value !== null && typeof value === "object") {
    return `map[${Object.entries(value)
      .map(([key, inner]) => `${key}:${flattenClaim(inner)}`)
      .join(" ")}]`;
  }
  return String(value);
}

const TEXT_TYPES = /^(text\/|application\/([\w.+-]+\+)?(json|xml|javascript|x-www-form-urlencoded))/i;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");
/** API Gateway's `requestContext.time`: `27/Nov/2026:18:00:00 +0000`. */
function gatewayTime(date: Date): string {
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** API Gateway's request ids look like `CZlO4gLtDoEEJrA=`. */
export const gatewayRequestId = () => randomBytes(11).toString("base64");

export interface GatewayRequest {
  method: string;
  /** The request target as sent: path and query string, still percent-encoded. */
  url: string;
  /** Header names in any case; a list for a header sent several times. */
  headers?: Record<string, string | string[] | undefined>;
  body?: Buffer | string;
  route: Pick<MatchedRoute, "routeKey" | "pathParameters">;
  /** The verified token's claims and scopes, for a route behind the JWT authorizer. */
  auth?: { claims: Record<string, unknown>; scopes: string[] };
  requestId?: string;
  sourceIp?: string;
  /** The API's host name, e.g. `abc123.execute-api.eu-west-1.amazonaws.com`. */
  host?: string;
  protocol?: string;
  port?: number;
  proto?: "http" | "https";
}

/**
 * The payload format 2.0 event API Gateway sends to a Lambda integration: lowercased headers with
 * duplicates comma-joined, cookies split out, `rawQueryString` as sent and duplicate query values
 * comma-joined, binary bodies base64-encoded, and the authorizer's claims as strings.
 */
export function apiGatewayEvent(request: GatewayRequest): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { route, auth } = request;
  const question = request.url.indexOf("?");
  const rawPath = question === -1 ? request.url : request.url.slice(0, question);
  const rawQueryString = question === -1 ? "" : request.url.slice(question + 1);
  const body =
    typeof request.body === "string" ? Buffer.from(request.body) : (request.body ?? Buffer.alloc(0));
  const now = new Date();
  const sourceIp = request.sourceIp ?? "127.0.0.1";
  const host = request.host ?? "localhost";

  const headers: Record<string, string> = {};
  let cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value === undefined) continue;
    const values = [value].flat();
    const key = name.toLowerCase();
    if (key === "cookie") {
      cookies = values
        .flatMap((cookie) => cookie.split(";"))
        .map((cookie) => cookie.trim())
        .filter(Boolean);
      continue;
    }
    headers[key] = headers[key] === undefined ? values.join(",") : `${headers[key]},${values.join(",")}`;
  }
  headers.host ??= host;
  headers["content-length"] ??= String(body.length);
  headers["x-forwarded-for"] = headers["x-forwarded-for"]
    ? `${headers["x-forwarded-for"]}, ${sourceIp}`
    : sourceIp;
  headers["x-forwarded-port"] = String(request.port ?? 443);
  headers["x-forwarded-proto"] = request.proto ?? "https";
  headers["x-amzn-trace-id"] =
    `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString("hex")}`;

  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    queryStringParameters[key] =
      key in queryStringParameters ? `${queryStringParameters[key]},${value}` : value;
  }

  const isText = body.length === 0 || TEXT_TYPES.test(headers["content-type"] ?? "");
  const [apiId = "local"] = host.split(".");

  const event = {
    version: "2.0",
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId,
      ...(auth
        ? {
            authorizer: {
              jwt: {
                claims: Object.fromEntries(
                  Object.entries(auth.claims).map(([key, value]) => [key, flattenClaim(value)]),
                ),
                scopes: auth.scopes.length > 0 ? auth.scopes : null,
              },
            },
          }
        : {}),
      domainName: host,
      domainPrefix: apiId,
      http: {
        method: request.method,
        path: rawPath,
        protocol: request.protocol ?? "HTTP/1.1",
        sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: request.requestId ?? gatewayRequestId(),
      routeKey: route.routeKey,
      stage: "$default",
      time: gatewayTime(now),
      timeEpoch: now.getTime(),
    },
    ...(Object.keys(route.pathParameters).length > 0 ? { pathParameters: route.pathParameters } : {}),
    ...(body.length > 0 ? { body: isText ? body.toString("utf8") : body.toString("base64") } : {}),
    isBase64Encoded: !isText,
  };
  return event as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** A Lambda context for one invocation, with the function's remaining time. */
export function lambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:123456789012:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${randomBytes(16).toString("hex")}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
