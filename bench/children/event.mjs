/** A payload 2.0 `GET /promotions?limit=20` event for the user `bench`, as API Gateway sends it. */
export function listEvent(n = 0) {
  const now = Math.floor(Date.now() / 1000);
  return {
    version: "2.0",
    routeKey: "GET /promotions",
    rawPath: "/promotions",
    rawQueryString: "limit=20",
    headers: { accept: "application/json", host: "bench.local", "content-length": "0" },
    queryStringParameters: { limit: "20" },
    requestContext: {
      accountId: "123456789012",
      apiId: "bench",
      authorizer: {
        jwt: {
          claims: {
            sub: "bench",
            username: "bench",
            client_id: "promotions-web",
            token_use: "access",
            scope: "promotions/read promotions/write",
            iat: String(now),
            exp: String(now + 3600),
          },
          scopes: ["promotions/read", "promotions/write"],
        },
      },
      domainName: "bench.local",
      domainPrefix: "bench",
      http: {
        method: "GET",
        path: "/promotions",
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "bench",
      },
      requestId: `bench-${n}`,
      routeKey: "GET /promotions",
      stage: "$default",
      time: "27/Nov/2026:18:00:00 +0000",
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

export function healthEvent() {
  const event = listEvent();
  return {
    ...event,
    routeKey: "GET /health",
    rawPath: "/health",
    rawQueryString: "",
    queryStringParameters: undefined,
    requestContext: {
      ...event.requestContext,
      authorizer: undefined,
      routeKey: "GET /health",
      http: { ...event.requestContext.http, path: "/health" },
    },
  };
}

export function lambdaContext(n = 0) {
  return {
    awsRequestId: `bench-${n}`,
    functionName: "bench",
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
  };
}
