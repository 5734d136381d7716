/**
 * What the API's modules share: the Lambda event and Hono environment types, the error body, and
 * the middleware every route carries — its authorization check and its zod validators. Both
 * keep what they check on themselves, so the OpenAPI generator reads the routes as they run.
 */
import { zValidator } from "@hono/zod-validator";
import { useActor } from "@promotions/core/actor";
import { type ErrorIssue, VisibleError } from "@promotions/core/error";
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import type { MiddlewareHandler, ValidationTargets } from "hono";
import type { LambdaContext } from "hono/aws-lambda";
import { HTTPException } from "hono/http-exception";
import type { $ZodError, $ZodType } from "zod/v4/core";
import { grants, type RouteSpec } from "./routes";

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export type AppEnv = {
  /** Set by hono/aws-lambda; absent when the app is called directly (app.request in tests). */
  Bindings: { event?: ApiEvent; lambdaContext?: LambdaContext | Context };
  /** API Gateway's request id (`requestContext.requestId`), never one a client sent. */
  Variables: { requestId: string };
};

/** The body of every error the API itself answers. */
export interface ErrorBody {
  error: { code: string; message: string; issues: ErrorIssue[]; requestId?: string };
}

/** A route path in Hono's words: `/promotions/{id}` is `/promotions/:id`. */
type HonoPath<P extends string> = P extends `${infer Head}{${infer Name}}${infer Tail}`
  ? `${Head}:${Name}${HonoPath<Tail>}`
  : P;

/** The route table's path of `route`, as Hono matches it. */
export function pathOf<const S extends RouteSpec>(route: S): HonoPath<S["path"]> {
  return route.path.replace(/\{(\w+)\}/g, ":$1") as HonoPath<S["path"]>;
}

/**
 * Checks the route's authorization again inside the app. API Gateway's JWT authorizer already
 * did, so this only ever fails if the gateway is misconfigured: defence in depth.
 */
export function authorize(route: RouteSpec) {
  const middleware: MiddlewareHandler<AppEnv> = async (_c, next) => {
    if (route.auth === "jwt") {
      const actor = useActor();
      if (actor.type !== "user") {
        throw new VisibleError("auth", "unauthorized", "Sign in to use this route");
      }
      if (!grants(route, actor.properties.scopes)) {
        throw new VisibleError(
          "forbidden",
          "insufficient_scope",
          `This route needs the scope ${route.scopes.join(" or ")}`,
        );
      }
    }
    await next();
  };
  return Object.assign(middleware, { route });
}

/** Hands zod's failures to the error mapper, so a 400 lists every failing field. */
function rejectInvalid(result: { success: true } | { success: false; error: $ZodError }): void {
  if (!result.success) throw VisibleError.fromZod(result.error);
}

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * A zod validator for one part of the request (typed for `hc`), carrying its schema. A body sent
 * as anything but JSON is a 415, not a body that lacks every field (no body at all is a 400).
 */
export function validate<const T extends keyof ValidationTargets, const S extends $ZodType>(
  target: T,
  schema: S,
) {
  const validator = zValidator(target, schema, rejectInvalid);
  const checked = (
    target === "json"
      ? (c, next) => {
          const mediaType = c.req.header("content-type")?.split(";")[0]?.trim() ?? "";
          if (mediaType && !JSON_MEDIA_TYPE.test(mediaType)) throw new HTTPException(415);
          return validator(c, next);
        }
      : validator
  ) as typeof validator;
  return Object.assign(checked, { validates: { target, schema } });
}
