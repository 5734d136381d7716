import { corsPolicy, routeKey, routes } from "../packages/functions/src/api/routes";
import { hostedUiUrl, issuerUrl, webClient } from "./auth";
import { database, databasePrepare, migrations, vpc } from "./database";
import { isPermanent, localWebOrigin, logRetention } from "./stage";
import { router } from "./web-router";

/** The web origins that may call the API: the site's, or the Vite dev server's under `sst dev`. */
const origins = router ? [router.url] : [localWebOrigin];
// The methods, headers and max age of the app's CORS policy; the origins are the stage's above.
const policy = corsPolicy([]);

/**
 * The one function behind every route. Runtime, architecture, bundling and log retention come
 * from the defaults sst.config.ts applies to every function (infra/function-defaults.ts).
 */
export const apiFunction = new sst.aws.Function("ApiFunction", {
  handler: "packages/functions/src/api.handler",
  memory: "1024 MB",
  // API Gateway gives up after 30 s; stop first so the caller gets our error, not a gateway 503.
  timeout: "29 seconds",
  // In the VPC to reach RDS on deployed stages. Not under `sst dev`: there the function in AWS is
  // SST's bridge, which must reach SST's AppSync endpoint on the internet, and the VPC has no NAT
  // (anomalyco/sst#5218); the handler itself runs on your machine, linked to its PostgreSQL.
  vpc: $dev ? undefined : vpc,
  link: [database],
  // The OpenAPI document, generated at build time (npm run openapi); /openapi.json reads it.
  copyFiles: [{ from: "packages/functions/src/api/openapi.json", to: "openapi.json" }],
  environment: {
    // The API document's sign-in URLs (Cognito's hosted domain), and where /docs sends readers:
    // the web app's reference page, which signs in through the same client.
    AUTH_URL: $interpolate`${hostedUiUrl}`,
    DOCS_URL: $interpolate`${origins[0]}/docs/`,
    SERVICE_NAME: "promotions-api",
    LOG_LEVEL: isPermanent($app.stage) ? "INFO" : "DEBUG",
    DATABASE_PREPARE: databasePrepare,
  },
  // Live Lambda (`sst dev`) proxies invocations to the laptop; response streaming is off there.
  streaming: false,
  transform: {
    // The Lambda function, not only the component, waits for this deploy's migrations: that is
    // the resource whose update makes new code serve. (A component's dependsOn is not passed on
    // to the resources inside it.)
    function: (_args, opts) => {
      if (migrations) opts.dependsOn = [migrations];
    },
  },
});

export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: {
    allowOrigins: origins,
    allowMethods: policy.allowMethods as ("GET" | "POST" | "PATCH" | "DELETE")[],
    allowHeaders: policy.allowHeaders,
    exposeHeaders: policy.exposeHeaders,
    maxAge: `${policy.maxAge} seconds`,
  },
  accessLog: { retention: logRetention($app.stage) },
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
