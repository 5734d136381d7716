import { beforeAll, describe, expect, it } from "vitest";
import { routeKey, routes, Scope } from "../../packages/functions/src/api/routes";
import { localConfig } from "../../packages/local/src/config";
import { created, declaredRoutes, installSstGlobals } from "./sst-fake";

beforeAll(async () => {
  installSstGlobals({ stage: "production", dev: false });
  await import("../api");
  await import("../web");
});

const find = (type: string, name?: string) =>
  created.find((c) => c.type === type && (name === undefined || c.name === name));

describe("infra/api.ts", () => {
  it("declares exactly the route table's routes, each on the one API function", () => {
    expect(declaredRoutes.map((r) => r.key).sort()).toEqual(Object.values(routes).map(routeKey).sort());
    expect(new Set(declaredRoutes.map((r) => r.handler))).toEqual(new Set(["ApiFunction.arn"]));
  });

  it("puts every jwt route behind the Cognito authorizer with the table's scopes", () => {
    for (const route of Object.values(routes)) {
      const declared = declaredRoutes.find((r) => r.key === routeKey(route));
      if (route.auth === "jwt") {
        expect(declared?.args).toEqual({
          auth: { jwt: { authorizer: "ApiAuthorizerCognito.id", scopes: [...route.scopes] } },
        });
      } else {
        expect(declared?.args).toEqual({});
      }
    }
  });

  it("leaves only health and the API description public", () => {
    const open = declaredRoutes.filter((r) => !("auth" in r.args)).map((r) => r.key);
    expect(open.sort()).toEqual(["GET /docs", "GET /health", "GET /openapi.json"]);
  });

  it("trusts the user pool's issuer and the web client as audience", () => {
    expect(find("ApiGatewayV2Authorizer")?.args).toEqual({
      name: "Cognito",
      jwt: {
        issuer: "https://cognito-idp.aws.getRegionOutput.name.amazonaws.com/UserPool.id",
        audiences: ["Web.id"],
      },
    });
  });

  it("runs the API on Node 24, arm64, in the VPC, linked to the database, within the gateway's 30 s", () => {
    expect(find("sst.aws.Function", "ApiFunction")?.args).toMatchObject({
      handler: "packages/functions/src/api.handler",
      runtime: "nodejs24.x",
      architecture: "arm64",
      timeout: "29 seconds",
      streaming: false,
      link: [expect.anything()],
    });
  });
});

describe("infra/auth.ts mirrors the offline issuer", () => {
  it("defines the route table's scopes on the resource server", () => {
    const server = find("aws.cognito.ResourceServer")?.args as {
      identifier: string;
      scopes: { scopeName: string }[];
    };
    expect(server.scopes.map((s) => `${server.identifier}/${s.scopeName}`).sort()).toEqual(
      Object.values(Scope).sort(),
    );
  });

  it("has an admin group", () => {
    expect(find("aws.cognito.UserGroup")?.args).toMatchObject({ name: "admin" });
  });

  it("gives the web client the callback and logout paths the dev issuer accepts", () => {
    const client = find("CognitoUserPoolClient", "Web")?.args as { callbackUrls: string[] };
    const offline = localConfig({});
    const path = (url: string) => new URL(url, "http://x").pathname;
    expect(client.callbackUrls.map((url) => path(url.replace("WebRouter.url", "http://x")))).toEqual(
      offline.redirectUris.map(path),
    );
  });
});

describe("the migrator", () => {
  it("runs on every deploy outside sst dev", () => {
    expect(find("aws.lambda.Invocation", "MigratorRun")?.args).toMatchObject({
      functionName: "Migrator.name",
    });
  });
});
