import type middy from "@middy/core";
import { type Actor, Claims } from "@promotions/core/actor";
import { VisibleError } from "@promotions/core/error";
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import type { ErrorBody } from "../api/error";
import { logger } from "../logger";

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;
export type ActorContext = Context & { actor: Actor };

/**
 * Parses the claims API Gateway's JWT authorizer verified into the caller (`context.actor`).
 * A route without an authorizer has no claims: the caller is public. Claims that do not parse
 * (no `sub`, a malformed date, …) end the request here with a 401: the token was genuine, but
 * we cannot say who it is for.
 */
export function claims(): middy.MiddlewareObj<ApiEvent, ApiResult, Error, ActorContext> {
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
