import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import type { JWTPayload } from "jose";
import { flattenClaim } from "./authorizer";

export interface MatchedRoute {
  routeKey: string;
  pathParameters: Record<string, string>;
}

const TEXT_TYPES = /^(text\/|application\/([\w.+-]+\+)?(json|xml|javascript|x-www-form-urlencoded))/i;

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

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");
/** API Gateway's `requestContext.time`: `27/Nov/2026:18:00:00 +0000`. */
function gatewayTime(date: Date): string {
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** API Gateway's request ids look like `CZlO4gLtDoEEJrA=`. */
export const gatewayRequestId = () => randomBytes(11).toString("base64");

/**
 * The payload format 2.0 event API Gateway sends to a Lambda integration: lowercased headers with
 * duplicates comma-joined, cookies split out, `rawQueryString` as sent and duplicate query values
 * comma-joined, binary bodies base64-encoded, and the authorizer's claims as strings.
 */
export function toEvent(input: {
  req: IncomingMessage;
  body: Buffer;
  route: MatchedRoute;
  requestId: string;
  apiHost: string;
  auth?: { claims: JWTPayload; scopes: string[] };
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { req, body, route, requestId, auth } = input;
  const url = new URL(req.url ?? "/", "http://gateway");
  const rawQueryString = (req.url ?? "").includes("?")
    ? (req.url ?? "").slice((req.url ?? "").indexOf("?") + 1)
    : "";
  const now = new Date();
  const sourceIp = (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");

  const headers: Record<string, string> = {};
  let cookies: string[] = [];
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values || HOP_BY_HOP.has(name)) continue;
    if (name === "cookie") {
      cookies = values
        .flatMap((value) => value.split(";"))
        .map((cookie) => cookie.trim())
        .filter(Boolean);
      continue;
    }
    headers[name] = values.join(",");
  }
  headers["content-length"] ??= String(body.length);
  headers["x-forwarded-for"] = headers["x-forwarded-for"]
    ? `${headers["x-forwarded-for"]}, ${sourceIp}`
    : sourceIp;
  headers["x-forwarded-port"] = String(req.socket.localPort ?? 80);
  headers["x-forwarded-proto"] = "http";
  headers["x-amzn-trace-id"] =
    `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString("hex")}`;

  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    queryStringParameters[key] =
      key in queryStringParameters ? `${queryStringParameters[key]},${value}` : value;
  }

  const isText = body.length === 0 || TEXT_TYPES.test(headers["content-type"] ?? "");
  const [apiId = "local"] = input.apiHost.split(".");

  const event = {
    version: "2.0",
    routeKey: route.routeKey,
    rawPath: url.pathname,
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
      domainName: input.apiHost,
      domainPrefix: apiId,
      http: {
        method: req.method ?? "GET",
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId,
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
export function lambdaContext(functionName: string, timeoutMs: number) {
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
