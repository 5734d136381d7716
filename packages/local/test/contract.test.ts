/**
 * The contract: every route's success and every failure it documents, sent through the offline
 * gateway (API Gateway's own answers included), each answer checked against /openapi.json with
 * openapi-backend's validator — status documented, body and headers as documented.
 */
import { closeDatabase } from "@promotions/core/drizzle/index";
import { Promotion } from "@promotions/core/promotion";
import { handler } from "@promotions/functions/api";
import { routes } from "@promotions/functions/api/routes";
import OpenAPIBackend, { SetMatchType } from "openapi-backend";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { promotionInput, sleep } from "../../../test/support/core";
import { devToken, useStack } from "../../../test/support/stack";

const stack = useStack();
/** API Gateway's own failures, each from a gateway made to fail: throttled, or a function that crashes or is too slow. */
const throttled = useStack({ gatewayThrottle: { rateLimit: 0.001, burstLimit: 1 } });
const failing = useStack({
  gatewayTimeoutMs: 300,
  handler: async (event, context) => {
    if (event.headers["x-test-fault"] === "crash") throw new Error("the runtime crashed");
    if (event.headers["x-test-fault"] === "slow") await sleep(600);
    return handler(event, context);
  },
});

type OperationId = Exclude<keyof typeof routes, "openapi" | "docs">;
interface Sent {
  operationId: OperationId;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

let api: OpenAPIBackend;
let token: string;
let readOnly: string;
let unusable: string;
const answers: Sent[] = [];

beforeAll(async () => {
  const document = await (await fetch(`${stack().apiUrl}/openapi.json`)).json();
  // quick: openapi-backend checks the document itself against OpenAPI 3.0's schema, which a 3.1
  // document fails (type arrays, webhooks); Redocly lints the document, this validates answers.
  api = new OpenAPIBackend({ definition: document, quick: true });
  await api.init();
  token = await devToken(stack(), { username: "contract" });
  readOnly = await devToken(stack(), { username: "contract", scope: "promotions/read" });
  // A genuine token whose claims the API cannot use: a sub longer than the column it is stored in.
  unusable = await devToken(stack(), { username: "contract", sub: "s".repeat(256) });
});

afterAll(() => vi.restoreAllMocks());

async function send(
  operationId: OperationId,
  path: string,
  init: {
    method?: string;
    token?: string | null;
    body?: unknown;
    raw?: string;
    headers?: Record<string, string>;
  } = {},
  target = stack(),
): Promise<Sent> {
  const route = routes[operationId];
  const bearer = init.token === undefined ? token : init.token;
  const response = await fetch(`${target.apiUrl}${path}`, {
    method: init.method ?? route.method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(init.body !== undefined || init.raw !== undefined ? { "content-type": "application/json" } : {}),
      ...init.headers,
    },
    ...(init.raw !== undefined
      ? { body: init.raw }
      : init.body !== undefined
        ? { body: JSON.stringify(init.body) }
        : {}),
  });
  const text = await response.text();
  const sent = {
    operationId,
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: text ? JSON.parse(text) : undefined,
  };
  answers.push(sent);
  return sent;
}

async function created() {
  const answer = await send("createPromotion", "/promotions", { body: promotionInput() });
  return answer.body as Promotion.Info;
}

const missing = "/promotions/prm_01JDQ7Z8X5V3K2M4N6P8R0T2W4";
const tooLarge = JSON.stringify({ title: "x".repeat(10 * 1024 * 1024) });

/** Requests that make each documented status happen, route by route. */
const cases: [OperationId, number, string, () => Promise<Sent>][] = [
  ["health", 200, "the database answers", () => send("health", "/health", { token: null })],
  ["listPromotions", 200, "a page", () => send("listPromotions", "/promotions?limit=5")],
  ["listPromotions", 400, "limit 0", () => send("listPromotions", "/promotions?limit=0")],
  [
    "listPromotions",
    401,
    "no token (API Gateway)",
    () => send("listPromotions", "/promotions", { token: null }),
  ],
  [
    "listPromotions",
    401,
    "unusable claims (the API)",
    () => send("listPromotions", "/promotions", { token: unusable }),
  ],
  [
    "listPromotions",
    403,
    "owner=all without admin (the API)",
    () => send("listPromotions", "/promotions?owner=all"),
  ],
  [
    "createPromotion",
    201,
    "created",
    () => send("createPromotion", "/promotions", { body: promotionInput() }),
  ],
  [
    "createPromotion",
    400,
    "invalid body",
    () => send("createPromotion", "/promotions", { body: { title: "" } }),
  ],
  [
    "createPromotion",
    401,
    "no token",
    () => send("createPromotion", "/promotions", { token: null, body: promotionInput() }),
  ],
  [
    "createPromotion",
    403,
    "a read-only token (API Gateway)",
    () => send("createPromotion", "/promotions", { token: readOnly, body: promotionInput() }),
  ],
  [
    "createPromotion",
    409,
    "a code in use",
    async () => {
      const input = promotionInput();
      await send("createPromotion", "/promotions", { body: input });
      return send("createPromotion", "/promotions", { body: input });
    },
  ],
  ["createPromotion", 413, "over 10 MB", () => send("createPromotion", "/promotions", { raw: tooLarge })],
  [
    "createPromotion",
    415,
    "text/plain",
    () => send("createPromotion", "/promotions", { raw: "x", headers: { "content-type": "text/plain" } }),
  ],
  [
    "createPromotion",
    422,
    "an Idempotency-Key reused with another body",
    async () => {
      const headers = { "idempotency-key": crypto.randomUUID() };
      await send("createPromotion", "/promotions", { headers, body: promotionInput() });
      return send("createPromotion", "/promotions", { headers, body: promotionInput() });
    },
  ],
  ["getPromotion", 200, "found", async () => send("getPromotion", `/promotions/${(await created()).id}`)],
  ["getPromotion", 404, "missing", () => send("getPromotion", missing)],
  ["getPromotion", 401, "no token", () => send("getPromotion", missing, { token: null })],
  [
    "getPromotion",
    403,
    "no scope",
    async () =>
      send("getPromotion", missing, {
        token: await devToken(stack(), { username: "contract", scope: "openid" }),
      }),
  ],
  [
    "updatePromotion",
    200,
    "changed",
    async () =>
      send("updatePromotion", `/promotions/${(await created()).id}`, { body: { title: "Changed" } }),
  ],
  [
    "updatePromotion",
    400,
    "no field",
    async () => send("updatePromotion", `/promotions/${(await created()).id}`, { body: {} }),
  ],
  [
    "updatePromotion",
    401,
    "no token",
    () => send("updatePromotion", missing, { token: null, body: { title: "x" } }),
  ],
  [
    "updatePromotion",
    403,
    "a read-only token",
    () => send("updatePromotion", missing, { token: readOnly, body: { title: "x" } }),
  ],
  ["updatePromotion", 404, "missing", () => send("updatePromotion", missing, { body: { title: "x" } })],
  [
    "updatePromotion",
    409,
    "archived",
    async () => {
      const { id } = await created();
      await send("archivePromotion", `/promotions/${id}`);
      return send("updatePromotion", `/promotions/${id}`, { body: { title: "x" } });
    },
  ],
  [
    "updatePromotion",
    412,
    "a stale If-Match",
    async () =>
      send("updatePromotion", `/promotions/${(await created()).id}`, {
        headers: { "if-match": '"9"' },
        body: { title: "x" },
      }),
  ],
  ["updatePromotion", 413, "over 10 MB", () => send("updatePromotion", missing, { raw: tooLarge })],
  [
    "updatePromotion",
    415,
    "text/plain",
    () => send("updatePromotion", missing, { raw: "x", headers: { "content-type": "text/plain" } }),
  ],
  [
    "archivePromotion",
    200,
    "archived",
    async () => send("archivePromotion", `/promotions/${(await created()).id}`),
  ],
  ["archivePromotion", 401, "no token", () => send("archivePromotion", missing, { token: null })],
  [
    "archivePromotion",
    403,
    "a read-only token",
    () => send("archivePromotion", missing, { token: readOnly }),
  ],
  ["archivePromotion", 404, "missing", () => send("archivePromotion", missing)],
  [
    "archivePromotion",
    412,
    "a stale If-Match",
    async () =>
      send("archivePromotion", `/promotions/${(await created()).id}`, { headers: { "if-match": '"9"' } }),
  ],
];

/** Statuses every route documents: API Gateway's throttling and its own failures, and the API's. */
function everyRoute(operationId: OperationId): [OperationId, number, string, () => Promise<Sent>][] {
  const route = routes[operationId];
  const path = route.path.replace("{id}", "prm_01JDQ7Z8X5V3K2M4N6P8R0T2W4");
  // Each gateway trusts its own issuer: a token from the one it is sent to.
  const request = async (target = stack(), headers: Record<string, string> = {}) =>
    send(
      operationId,
      path,
      {
        token: route.auth === "jwt" ? await devToken(target, { username: "contract" }) : null,
        ...(route.method === "POST" || route.method === "PATCH" ? { body: promotionInput() } : {}),
        headers,
      },
      target,
    );
  return [
    [operationId, 429, "throttled (API Gateway)", () => request(throttled())],
    [
      operationId,
      500,
      "the function crashed (API Gateway)",
      () => request(failing(), { "x-test-fault": "crash" }),
    ],
    [
      operationId,
      503,
      "the function was too slow (API Gateway)",
      () => request(failing(), { "x-test-fault": "slow" }),
    ],
    [
      operationId,
      503,
      "the database is down (the API)",
      async () => {
        const saved = process.env.DATABASE_URL;
        await closeDatabase();
        process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:9/none";
        try {
          return await request();
        } finally {
          await closeDatabase();
          process.env.DATABASE_URL = saved;
        }
      },
    ],
  ];
}

const operations = Object.keys(routes).filter(
  (name): name is OperationId => name !== "openapi" && name !== "docs",
);

describe("every answer the API gives is the one its document promises", () => {
  it("validates a success and every documented failure of every route against /openapi.json", async () => {
    // The bucket of the throttled gateway holds one request: spend it, so each route meets a 429.
    await fetch(`${throttled().apiUrl}/health`);
    const unexpected = vi.spyOn(Promotion, "get").mockRejectedValueOnce(new Error("unexpected"));
    await send("getPromotion", missing); // the API's own 500
    unexpected.mockRestore();
    for (const [operationId, expected, why, make] of [...cases, ...operations.flatMap(everyRoute)]) {
      const sent = await make();
      expect({ operationId, why, status: sent.status }).toEqual({ operationId, why, status: expected });
    }
    const problems = answers.flatMap(({ operationId, status, headers, body }) => {
      const documented = api.getOperation(operationId)?.responses?.[String(status)];
      if (!documented) return [`${operationId} ${status}: not documented`];
      const result = api.validator.validateResponse(body, operationId, status);
      // Any: the types of the headers sent (openapi-backend's superset would require every documented header).
      const headerResult = api.validator.validateResponseHeaders(headers, operationId, {
        statusCode: status,
        setMatchType: SetMatchType.Any,
      });
      const missingHeaders = Object.entries(
        (documented as { headers?: Record<string, { required?: boolean }> }).headers ?? {},
      )
        .filter(([name, header]) => header.required && !(name.toLowerCase() in headers))
        .map(([name]) => `${operationId} ${status}: no ${name} header`);
      return [
        ...[...(result.errors ?? []), ...(headerResult.errors ?? [])].map(
          (error) => `${operationId} ${status}: ${error.instancePath} ${error.message}`,
        ),
        ...missingHeaders,
      ];
    });
    expect(problems).toEqual([]);
    // Every status each operation documents was received at least once.
    const received = new Set(answers.map(({ operationId, status }) => `${operationId} ${status}`));
    const documented = operations.flatMap((operationId) =>
      Object.keys(api.getOperation(operationId)?.responses ?? {}).map((status) => `${operationId} ${status}`),
    );
    expect(documented.filter((pair) => !received.has(pair))).toEqual([]);
  }, 120_000);
});
