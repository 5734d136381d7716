import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { apiEvent, invoke } from "../../../test/support/lambda";
import { app } from "../src/api/app";
import type { ErrorBody } from "../src/api/common";
import { routeKey, routes } from "../src/api/routes";
import type { ErrorBody as ErrorBodySchema } from "../src/openapi/operations";

describe("GET /openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const answer = await invoke(apiEvent("GET", "/openapi.json", { claims: null }));
    expect(answer.status).toBe(200);
    const result = await new Validator().validate(answer.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("documents exactly the API routes of the route table, with their scopes", async () => {
    const document = (await invoke(apiEvent("GET", "/openapi.json", { claims: null }))).body;
    const documented = Object.entries(
      document.paths as Record<string, Record<string, { security?: unknown }>>,
    ).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        security: operation.security,
      })),
    );
    const expected = Object.values(routes)
      .filter((route) => route !== routes.openapi && route !== routes.docs)
      .map((route) => ({
        key: routeKey(route),
        security: route.auth === "jwt" ? [{ cognito: [...route.scopes] }] : [],
      }));
    expect(documented.sort((a, b) => a.key.localeCompare(b.key))).toEqual(
      expected.sort((a, b) => a.key.localeCompare(b.key)),
    );
  });

  it("documents the error body exactly as the app types it (checked by the type-check)", () => {
    expectTypeOf<z.infer<typeof ErrorBodySchema>>().toEqualTypeOf<ErrorBody>();
  });

  it("names the shared schemas as components", async () => {
    const document = (await invoke(apiEvent("GET", "/openapi.json", { claims: null }))).body;
    expect(Object.keys(document.components.schemas).sort()).toEqual(
      expect.arrayContaining([
        "CreatePromotion",
        "Discount",
        "Error",
        "Promotion",
        "PromotionPage",
        "UpdatePromotion",
      ]),
    );
  });
});

describe("the generated document", () => {
  it("is what the routes define: openapi.json equals a fresh generation (else run npm run openapi)", async () => {
    const { openApiDocument } = await import("../src/openapi/document");
    const { readFileSync } = await import("node:fs");
    const committed = JSON.parse(readFileSync(new URL("../src/api/openapi.json", import.meta.url), "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
});

describe("the document's quality", () => {
  it("passes Redocly's recommended rules with no error and no warning (redocly.yaml says what is off, and why)", async () => {
    const { lintFromString, loadConfig } = await import("@redocly/openapi-core");
    const document = (await invoke(apiEvent("GET", "/openapi.json", { claims: null }))).body;
    const config = await loadConfig({
      configPath: new URL("../../../redocly.yaml", import.meta.url).pathname,
    });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: "openapi.json",
      config,
    });
    expect(problems.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message}`)).toEqual(
      [],
    );
  });

  it("names each operation after its route, for generated clients", async () => {
    const document = (await invoke(apiEvent("GET", "/openapi.json", { claims: null }))).body;
    const operationIds = Object.values(
      document.paths as Record<string, Record<string, { operationId: string }>>,
    )
      .flatMap((operations) => Object.values(operations).map((operation) => operation.operationId))
      .sort();
    expect(operationIds).toEqual(
      Object.keys(routes)
        .filter((name) => name !== "openapi" && name !== "docs")
        .sort(),
    );
  });

  it("names the server that was asked, and the sign-in URLs absolutely at the stage's issuer", async () => {
    const document = (await invoke(apiEvent("GET", "/openapi.json", { claims: null }))).body;
    expect(document.servers).toEqual([{ url: "https://api.example.com" }]);
    expect(document.components.securitySchemes.cognito.flows.authorizationCode).toMatchObject({
      authorizationUrl: "http://localhost:3001/oauth2/authorize",
      tokenUrl: "http://localhost:3001/oauth2/token",
    });
  });
});

describe("GET /docs", () => {
  it("sends readers to the web app's reference page, so the function ships none of the reference UI", async () => {
    const answer = await invoke(apiEvent("GET", "/docs", { claims: null }));
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe("http://localhost:5173/docs/");
  });
});

describe("the route table", () => {
  it("is exactly what the Hono app serves (no route outside the table)", () => {
    const served = new Set(
      app.routes
        .filter((route) => route.method !== "ALL")
        .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`),
    );
    expect([...served].sort()).toEqual(Object.values(routes).map(routeKey).sort());
  });
});
