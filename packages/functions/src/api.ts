/**
 * The API's Lambda entry point (API Gateway HTTP API, payload format 2.0): middy parses the
 * caller from the JWT authorizer's claims, then the whole Hono app runs inside `withActor`.
 *
 * Why this shape: middy middlewares run one after another and cannot wrap the rest of the chain,
 * so a `before` middleware cannot put the caller into AsyncLocalStorage for the handler. Seeding
 * it there with `enterWith` after an `await` is lost when the middleware's promise resolves, and
 * `enterWith` before one would leak into the next warm invocation. So the `claims` middleware
 * only parses (into `context.actor`), and the handler body runs all of Hono inside
 * `withActor(...)`, i.e. `AsyncLocalStorage.run`: a fresh store per invocation, gone when it
 * returns or throws.
 */
import middy from "@middy/core";
import { type Actor, Claims, withActor } from "@promotions/core/actor";
import { withDeadline } from "@promotions/core/drizzle/deadline";
import { VisibleError } from "@promotions/core/error";
import type { Context } from "aws-lambda";
import { handle } from "hono/aws-lambda";
import { app } from "./api/app";
import type { ApiEvent, ApiResult, ErrorBody } from "./api/common";
import { logger } from "./logger";

/** The Lambda context, plus the caller the `claims` middleware parsed for the handler body. */
export type ActorContext = Context & { actor?: Actor };

/**
 * Parses the claims API Gateway's JWT authorizer verified into the caller (`context.actor`).
 * A route without an authorizer has no claims: the caller is public. Claims that do not parse
 * (no `sub`, a malformed date, …) end the request here with a 401: the token was genuine, but
 * we cannot say who it is for.
 */
function claims(): middy.MiddlewareObj<ApiEvent, ApiResult, Error, ActorContext> {
  return {
    before(request) {
      // The type says the authorizer is always there; on routes without one it is not.
      const jwt = (
        request.event.requestContext.authorizer as ApiEvent["requestContext"]["authorizer"] | undefined
      )?.jwt;
      if (!jwt) {
        request.context.actor = { type: "public" };
        return;
      }
      const parsed = Claims.safeParse(jwt.claims);
      if (!parsed.success) {
        const error = VisibleError.fromZod(parsed.error, ["claims"]);
        logger.warn("rejected authorizer claims", {
          requestId: request.event.requestContext.requestId,
          route: request.event.routeKey,
          status: 401,
          issues: error.issues,
        });
        request.response = {
          statusCode: 401,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            error: {
              code: "invalid_claims",
              message: "The token's claims are not usable",
              issues: error.issues,
            },
          } satisfies ErrorBody),
        };
        return request.response;
      }
      // API Gateway lists the token's scopes beside the claims; fall back to the `scope` claim.
      const scopes = Array.isArray(jwt.scopes) && jwt.scopes.length > 0 ? jwt.scopes : parsed.data.scopes;
      request.context.actor = { type: "user", properties: { ...parsed.data, scopes } };
    },
  };
}

const serve = handle(app);

/** API Gateway waits 30 s for an integration; past that the client gets the gateway's error, not ours. */
const GATEWAY_LIMIT_MS = 30_000;
/** Time kept back to turn a database that ran out of time into a 503 and send it. */
const ANSWER_MARGIN_MS = 1_000;

export const handler = middy<ApiEvent, ApiResult, Error, ActorContext>()
  .use(claims())
  .handler((event, context) => {
    if (!context.actor) throw new Error("The claims middleware did not run");
    // hono/aws-lambda has its own event types (body `string | null` where aws-lambda says
    // `string | undefined`) and types the result as a union with payload 1.0's.
    // The database work must end before the earlier of Lambda's timeout and the gateway's.
    const deadline =
      Date.now() + Math.min(context.getRemainingTimeInMillis(), GATEWAY_LIMIT_MS) - ANSWER_MARGIN_MS;
    return withActor(context.actor, () =>
      withDeadline(
        deadline,
        () => serve(event as unknown as Parameters<typeof serve>[0], context) as Promise<ApiResult>,
      ),
    );
  });
