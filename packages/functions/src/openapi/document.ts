/**
 * The OpenAPI 3.1 document, generated from the routes as they run: every route's authorization
 * and validators are read off the Hono app (the middleware carries them), its answers from
 * operations.ts, every schema converted by zod's own JSON Schema generator. Build time only.
 */

import { z } from "zod";
import type { $ZodType } from "zod/v4/core";
import { app } from "../api/app";
import { type RouteSpec, routeKey, routes, Scope } from "../api/routes";
import {
  ErrorBody,
  type ErrorStatus,
  errorStatuses,
  GatewayError,
  type OperationId,
  operations,
} from "./operations";

type JsonSchema = Record<string, unknown>;
type Io = "input" | "output";
interface Validates {
  target: "json" | "query" | "param" | "header";
  schema: $ZodType;
}

const COMPONENTS = "#/components/schemas/";

/** Each route key's authorization and validators, as Hono runs them (one entry per middleware). */
function servedRoutes() {
  const served = new Map<string, { route?: RouteSpec; validators: Validates[] }>();
  for (const { method, path, handler } of app.routes) {
    if (method === "ALL") continue;
    const key = `${method} ${path.replace(/:(\w+)/g, "{$1}")}`;
    const entry = served.get(key) ?? { validators: [] };
    if ("route" in handler) entry.route = handler.route as RouteSpec;
    if ("validates" in handler) entry.validators.push(handler.validates as Validates);
    served.set(key, entry);
  }
  return served;
}

/** Every schema with an id, as JSON Schema with its references pointing at components. */
function components(io: Io): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { io, uri: (id) => `${COMPONENTS}${id}` }) as {
    schemas: Record<string, JsonSchema>;
  };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _, $id: __, ...schema }]) => [id, schema]),
  );
}

/** One schema, inline, its named parts referring to components (where toJSONSchema puts them in $defs). */
function schemaOf(schema: $ZodType, io: Io): JsonSchema {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: `${COMPONENTS}${id}` };
  const { $schema: _, $defs: __, ...json } = z.toJSONSchema(schema, { io }) as JsonSchema;
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', `"${COMPONENTS}`));
}

function parameters({ target, schema }: Validates) {
  const location = { query: "query", param: "path", header: "header" }[
    target as "query" | "param" | "header"
  ];
  const object = schemaOf(schema, "input") as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties).map(([name, { description, example, ...property }]) => ({
    name,
    in: location,
    required: location === "path" || (object.required ?? []).includes(name),
    ...(description ? { description } : {}),
    ...(example !== undefined ? { example } : {}),
    schema: property,
  }));
}

function errorResponse(status: ErrorStatus) {
  const { from, description } = errorStatuses[status];
  const bodies = { app: [ErrorBody], gateway: [GatewayError], either: [ErrorBody, GatewayError] }[from];
  const refs = bodies.map((body) => schemaOf(body, "output"));
  return {
    description,
    content: { "application/json": { schema: refs.length === 1 ? refs[0] : { anyOf: refs } } },
    ...(status === 503
      ? {
          headers: {
            "Retry-After": {
              description: "Seconds to wait before retrying (on the API's own 503; API Gateway's sends none)",
              required: false,
              schema: { type: "integer" },
            },
          },
        }
      : {}),
  };
}

function operation(name: OperationId, route: RouteSpec, validators: Validates[]) {
  const doc = operations[name];
  const body = validators.find((v) => v.target === "json");
  const statuses: ErrorStatus[] = [
    ...doc.errors,
    ...(route.auth === "jwt" ? ([401, 403] as const) : []),
    ...(body ? ([413] as const) : []),
    429,
    500,
    503,
  ];
  return {
    operationId: name,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    security: route.auth === "jwt" ? [{ cognito: [...route.scopes] }] : [],
    ...(validators.some((v) => v.target !== "json")
      ? { parameters: validators.filter((v) => v.target !== "json").flatMap(parameters) }
      : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: schemaOf(body.schema, "input") } },
          },
        }
      : {}),
    responses: {
      [doc.success.status]: {
        description: doc.success.description,
        ...(doc.success.etag
          ? {
              headers: {
                ETag: {
                  description: "The promotion's version, for `If-Match`",
                  required: true,
                  schema: { type: "string" },
                },
              },
            }
          : {}),
        content: { "application/json": { schema: schemaOf(doc.success.schema, "output") } },
      },
      ...Object.fromEntries([...new Set(statuses)].sort().map((status) => [status, errorResponse(status)])),
    },
  };
}

/**
 * The document without what depends on where it is served: no `servers`, and sign-in URLs
 * relative to the stage's issuer (the API completes both per request).
 */
export function openApiDocument() {
  const served = servedRoutes();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(operations) as OperationId[]) {
    const route: RouteSpec = routes[name];
    const entry = served.get(routeKey(route));
    if (entry?.route !== route) throw new Error(`${routeKey(route)} is not served with its authorization`);
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(
      name,
      route,
      entry.validators,
    );
  }
  const requests = components("input");
  const answers = components("output");
  return {
    openapi: "3.1.0",
    info: {
      title: "Promotions API",
      version: "1.0.0",
      description:
        "Manage discount campaigns. Every call acts as the signed-in user. Errors from the API carry `{error: {code, message, issues}}`; API Gateway's own answers carry `{message}`.",
    },
    paths,
    components: {
      // A request body's schema as it is sent (defaults optional), everything else as it is answered.
      schemas: {
        ...answers,
        CreatePromotion: requests.CreatePromotion,
        UpdatePromotion: requests.UpdatePromotion,
      },
      securitySchemes: {
        cognito: {
          type: "oauth2",
          description:
            "Cognito access token (the dev OIDC issuer offline), sent as `Authorization: Bearer …`",
          flows: {
            authorizationCode: {
              authorizationUrl: "/oauth2/authorize",
              tokenUrl: "/oauth2/token",
              refreshUrl: "/oauth2/token",
              scopes: {
                [Scope.read]: "Read your promotions",
                [Scope.write]: "Create, change and archive your promotions",
              },
            },
          },
        },
      },
    },
  };
}
