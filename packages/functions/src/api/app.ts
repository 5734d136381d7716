import { OpenAPIHono, z } from "@hono/zod-openapi";
import { useTransaction } from "@promotions/core/drizzle/transaction";
import { Scalar } from "@scalar/hono-api-reference";
import { sql } from "drizzle-orm";
import type { LambdaContext } from "hono/aws-lambda";
import { cors } from "hono/cors";
import { type RequestIdVariables, requestId } from "hono/request-id";
import type { ApiEvent } from "../middleware/claims";
import { corsOrigins, corsPolicy } from "./cors";
import { defineRoute, errorResponses, jsonContent } from "./define-route";
import { errorResponse } from "./error";
import { promotionRoutes } from "./promotion";
import { requestLog } from "./request-log";
import { routes, Scope } from "./routes";
import { validationHook } from "./validation";

export type AppEnv = {
  /** Set by hono/aws-lambda; absent when the app is called directly (app.request in tests). */
  Bindings: { event?: ApiEvent; lambdaContext?: LambdaContext };
  Variables: RequestIdVariables;
};

const policy = corsPolicy(corsOrigins());

const healthRoute = defineRoute(routes.health, {
  summary: "Liveness and database reachability",
  responses: {
    200: jsonContent(z.object({ status: z.literal("ok") }), "The API and its database answer"),
    ...errorResponses(503),
  },
});

const base = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
base.use(
  requestId({
    // API Gateway's id, which it also returns to the client as `apigw-requestid`.
    generator: (c) => c.env?.event?.requestContext?.requestId ?? crypto.randomUUID(),
  }),
);
base.use(requestLog);
base.use(
  cors({
    origin: policy.allowOrigins,
    allowMethods: policy.allowMethods,
    allowHeaders: policy.allowHeaders,
    exposeHeaders: policy.exposeHeaders,
    maxAge: policy.maxAge,
  }),
);
base.onError(errorResponse);
base.notFound((c) => c.json({ error: { code: "not_found", message: "No such route", issues: [] } }, 404));

export const app = base
  .openapi(healthRoute, async (c) => {
    await useTransaction((tx) => tx.execute(sql`select 1`));
    return c.json({ status: "ok" as const }, 200);
  })
  .route("/", promotionRoutes);

app.openAPIRegistry.registerComponent("securitySchemes", "cognito", {
  type: "oauth2",
  description: "Cognito access token (the dev OIDC issuer offline), sent as `Authorization: Bearer …`",
  flows: {
    authorizationCode: {
      authorizationUrl: "/oauth2/authorize",
      tokenUrl: "/oauth2/token",
      scopes: {
        [Scope.read]: "Read your promotions",
        [Scope.write]: "Create, change and archive your promotions",
      },
    },
  },
});

const openApiConfig = {
  openapi: "3.1.0",
  info: {
    title: "Promotions API",
    version: "1.0.0",
    description: "Manage discount campaigns. Every call acts as the signed-in user.",
  },
};

app.get(routes.openapi.path, (c) => c.json(app.getOpenAPI31Document(openApiConfig)));
app.get(routes.docs.path, Scalar({ url: routes.openapi.path, pageTitle: "Promotions API" }));

export type App = typeof app;
