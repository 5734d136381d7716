import { corsPolicy, routeKey, routes } from "../packages/functions/src/api/routes";
import { issuerUrl, webClient } from "./auth";
import { database, vpc } from "./database";
import { isPermanent, localWebOrigin, logRetention } from "./stage";
import { router } from "./web-router";

const origins = $dev ? [localWebOrigin] : [router.url];
const policy = corsPolicy([localWebOrigin]);

/** The one function behind every route; it links the database and runs in the VPC. */
export const apiFunction = new sst.aws.Function("ApiFunction", {
  handler: "packages/functions/src/api.handler",
  runtime: "nodejs24.x",
  architecture: "arm64",
  memory: "1024 MB",
  // API Gateway gives up after 30 s; stop first so the caller gets our error, not a gateway 503.
  timeout: "29 seconds",
  vpc,
  link: [database],
  environment: {
    CORS_ORIGINS: $output(origins).apply((list) => list.join(",")),
    POWERTOOLS_SERVICE_NAME: "promotions-api",
    POWERTOOLS_LOG_LEVEL: isPermanent ? "INFO" : "DEBUG",
  },
  nodejs: {
    // PGlite (WebAssembly) is only for offline use; ESM builds of dependencies tree-shake better.
    esbuild: { external: ["@electric-sql/pglite"], mainFields: ["module", "main"] },
    plugins: "infra/esbuild-plugins.mjs",
  },
  logging: { retention: logRetention },
  // Live Lambda (`sst dev`) proxies invocations to the laptop; response streaming is off there.
  streaming: false,
});

export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: {
    allowOrigins: origins,
    allowMethods: policy.allowMethods as ("GET" | "POST" | "PATCH" | "DELETE")[],
    allowHeaders: policy.allowHeaders,
    exposeHeaders: policy.exposeHeaders,
    maxAge: `${policy.maxAge} seconds`,
  },
  accessLog: { retention: logRetention },
});

export const authorizer = api.addAuthorizer({
  name: "Cognito",
  jwt: { issuer: issuerUrl, audiences: [webClient.id] },
});

/** One route per entry of the route table, with the authorization the table gives it. */
for (const route of Object.values(routes)) {
  api.route(
    routeKey(route),
    apiFunction.arn,
    route.auth === "jwt" ? { auth: { jwt: { authorizer: authorizer.id, scopes: [...route.scopes] } } } : {},
  );
}
