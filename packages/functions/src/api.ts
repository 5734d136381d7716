import middy from "@middy/core";
import { withActor } from "@promotions/core/actor";
import { handle } from "hono/aws-lambda";
import { app } from "./api/app";
import { type ActorContext, type ApiEvent, type ApiResult, claims } from "./middleware/claims";

const serve = handle(app);

/**
 * The API's Lambda entry point (API Gateway HTTP API, payload format 2.0).
 *
 * Why this shape: middy middlewares run one after another and cannot wrap the rest of the chain,
 * so a `before` middleware cannot put the caller into AsyncLocalStorage for the handler. Seeding
 * it there with `enterWith` after an `await` is lost when the middleware's promise resolves, and
 * `enterWith` before one would leak into the next warm invocation. So the `claims` middleware
 * only parses (into `context.actor`), and the handler body runs all of Hono inside
 * `withActor(...)`, i.e. `AsyncLocalStorage.run`: a fresh store per invocation, gone when it
 * returns or throws.
 */
export const handler = middy<ApiEvent, ApiResult, Error, ActorContext>()
  .use(claims())
  .handler((event, context) =>
    // hono/aws-lambda has its own event types (body `string | null` where aws-lambda says
    // `string | undefined`) and types the result as a union with payload 1.0's.
    withActor(
      context.actor,
      () => serve(event as unknown as Parameters<typeof serve>[0], context) as Promise<ApiResult>,
    ),
  );
