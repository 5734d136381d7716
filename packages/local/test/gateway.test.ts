import { readFileSync } from "node:fs";
import { request } from "node:http";
import type { ApiEvent } from "@promotions/functions/api/common";
import { describe, expect, it } from "vitest";
import { callApi, devToken, useStack } from "../../../test/support/stack";
import type { LambdaHandler } from "../src/gateway/server";

const fixture = JSON.parse(
  readFileSync(
    new URL("../../functions/test/fixtures/apigw-v2-jwt-cognito-access.json", import.meta.url),
    "utf8",
  ),
);

/** The structure of a value: every key, with the type of every leaf. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shape(v)]),
    );
  }
  return typeof value;
}

const events: ApiEvent[] = [];
let nextResult: unknown = { statusCode: 200, body: "" };
const recording: LambdaHandler = async (event) => {
  events.push(event);
  if (nextResult instanceof Error) throw nextResult;
  if (typeof nextResult === "function") return (nextResult as () => Promise<unknown>)();
  return nextResult;
};
const logged: string[] = [];
const stack = useStack({ handler: recording, gatewayTimeoutMs: 300, log: (line) => logged.push(line) });

/** A request with exactly these headers, repeated ones included (fetch would merge and add its own). */
function rawRequest(method: string, path: string, headers: Record<string, string | string[]>, body?: Buffer) {
  return new Promise<number>((resolve, reject) => {
    const url = new URL(path, stack().apiUrl);
    const req = request(url, { method, headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the payload 2.0 event", () => {
  it("has the shape of the shared API Gateway fixture, field by field", async () => {
    const fixtureClaims = fixture.requestContext.authorizer.jwt.claims;
    const now = Math.floor(Date.now() / 1000);
    const token = await stack().minter.sign({
      ...fixtureClaims,
      "cognito:groups": ["admin", "editors"],
      iss: stack().issuerUrl,
      client_id: "promotions-web",
      auth_time: now,
      iat: now,
      exp: now + 600,
    });
    nextResult = { statusCode: 200, body: "" };
    events.length = 0;
    const status = await rawRequest("GET", "/promotions?limit=2&status=active&status=scheduled", {
      accept: "application/json",
      authorization: `Bearer ${token}`,
      "user-agent": "Mozilla/5.0",
      cookie: "theme=dark; consent=yes",
    });
    expect(status).toBe(200);
    const event = events[0] as typeof fixture;
    expect(shape(event)).toEqual(shape(fixture));
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "GET /promotions",
      rawPath: "/promotions",
      rawQueryString: "limit=2&status=active&status=scheduled",
      cookies: ["theme=dark", "consent=yes"],
      queryStringParameters: { limit: "2", status: "active,scheduled" },
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({
      accept: "application/json",
      "content-length": "0",
      "user-agent": "Mozilla/5.0",
    });
    expect(event.requestContext).toMatchObject({
      routeKey: "GET /promotions",
      stage: "$default",
      http: { method: "GET", path: "/promotions", protocol: "HTTP/1.1", userAgent: "Mozilla/5.0" },
      authorizer: { jwt: { scopes: ["promotions/read", "promotions/write"] } },
    });
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event.requestContext.requestId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    const claims = event.requestContext.authorizer.jwt.claims;
    expect(claims["cognito:groups"]).toBe("[admin editors]");
    expect(claims.exp).toBe(String(now + 600));
    expect(Object.values(claims).every((value) => typeof value === "string")).toBe(true);
  });

  it("comma-joins duplicate headers and base64-encodes a binary body", async () => {
    const token = await devToken(stack(), { username: "binary" });
    events.length = 0;
    nextResult = { statusCode: 201, body: "" };
    const status = await rawRequest(
      "POST",
      "/promotions",
      {
        authorization: `Bearer ${token}`,
        "content-type": "application/octet-stream",
        "x-tag": ["a", "b"],
      },
      Buffer.from([0, 1, 2, 255]),
    );
    expect(status).toBe(201);
    const event = events[0] as { headers: Record<string, string>; body: string; isBase64Encoded: boolean };
    expect(event.headers["x-tag"]).toBe("a,b");
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, "base64")).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it("passes a JSON body as text", async () => {
    const token = await devToken(stack(), { username: "text" });
    events.length = 0;
    await callApi(stack(), "POST", "/promotions", token, { title: "ü" });
    expect(events[0]).toMatchObject({ body: '{"title":"ü"}', isBase64Encoded: false });
  });

  it("adds path parameters for a templated route", async () => {
    const token = await devToken(stack(), { username: "params" });
    events.length = 0;
    await callApi(stack(), "GET", "/promotions/prm_1", token);
    expect(events[0]).toMatchObject({ routeKey: "GET /promotions/{id}", pathParameters: { id: "prm_1" } });
  });
});

describe("the Lambda result", () => {
  it("maps statusCode, headers, cookies (to set-cookie) and a base64 body", async () => {
    nextResult = {
      statusCode: 202,
      headers: { "content-type": "text/plain", "x-custom": 7 },
      cookies: ["a=1; Path=/", "b=2"],
      body: Buffer.from("hello").toString("base64"),
      isBase64Encoded: true,
    };
    const response = await fetch(`${stack().apiUrl}/health`);
    expect(response.status).toBe(202);
    expect(response.headers.get("x-custom")).toBe("7");
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2"]);
    expect(await response.text()).toBe("hello");
  });

  it("treats plain JSON without statusCode as a 200 application/json body", async () => {
    nextResult = { hello: "world" };
    const response = await fetch(`${stack().apiUrl}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ hello: "world" });
  });

  it("answers 500 Internal Server Error when the handler throws", async () => {
    nextResult = new Error("crash");
    const answer = await callApi(stack(), "GET", "/health");
    expect(answer).toMatchObject({ status: 500, body: { message: "Internal Server Error" } });
  });

  it("answers 503 Service Unavailable when the handler outlives the integration timeout", async () => {
    nextResult = () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200 }), 1_000));
    const answer = await callApi(stack(), "GET", "/health");
    expect(answer).toMatchObject({ status: 503, body: { message: "Service Unavailable" } });
  });

  it("returns API Gateway's request id in apigw-requestid", async () => {
    nextResult = { statusCode: 204 };
    events.length = 0;
    const response = await fetch(`${stack().apiUrl}/health`);
    expect(response.headers.get("apigw-requestid")).toBe(
      (events[0] as { requestContext: { requestId: string } }).requestContext.requestId,
    );
  });
});

describe("gateway answers", () => {
  it("404 Not Found for an unknown route or method, without invoking the handler", async () => {
    events.length = 0;
    expect(await callApi(stack(), "GET", "/nope")).toMatchObject({
      status: 404,
      body: { message: "Not Found" },
    });
    expect(await callApi(stack(), "PUT", "/promotions")).toMatchObject({
      status: 404,
      body: { message: "Not Found" },
    });
    expect(events).toEqual([]);
  });

  it("400 Bad Request for a path whose percent-encoding is broken, before any authorizer or handler", async () => {
    events.length = 0;
    for (const path of ["/promotions/%", "/promotions/%E0%A4%A"]) {
      expect(await rawRequest("GET", path, {})).toBe(400);
    }
    expect(await callApi(stack(), "GET", "/promotions/%")).toMatchObject({
      status: 400,
      body: { message: "Bad Request" },
    });
    expect(events).toEqual([]);
  });

  it("logs the method, path and status of a request, never its query string", async () => {
    logged.length = 0;
    await callApi(stack(), "GET", "/nope?email=ada%40example.com&cursor=secret");
    expect(logged).toEqual([expect.stringMatching(/^GET \/nope 404 \d+ms \(no route\)$/)]);
  });

  it("413 Request Entity Too Large over 10 MB", async () => {
    const token = await devToken(stack(), { username: "big" });
    const answer = await fetch(`${stack().apiUrl}/promotions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
    });
    expect(answer.status).toBe(413);
    expect(await answer.json()).toEqual({ message: "Request Entity Too Large" });
  });

  it("answers a CORS preflight for an allowed origin itself", async () => {
    events.length = 0;
    const response = await fetch(`${stack().apiUrl}/promotions`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET,POST,PATCH,DELETE");
    expect(response.headers.get("access-control-allow-headers")).toBe(
      "authorization,content-type,idempotency-key,if-match",
    );
    expect(events).toEqual([]);
  });

  it("gives a disallowed origin no CORS headers", async () => {
    const response = await fetch(`${stack().apiUrl}/promotions`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
