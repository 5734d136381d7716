/**
 * The events the bench sends: built by the tests' helpers on the one API Gateway event builder
 * (packages/local/src/gateway/event.ts), as API Gateway's JWT authorizer hands them to Lambda.
 */
import { apiEvent, authorizerClaims } from "../../test/support/lambda";
import { benchUser } from "./database";

/** `GET /promotions?limit=20` as the bench user: a page of 20 rows (and a next cursor). */
export const listEvent = () =>
  apiEvent("GET", "/promotions", { query: "limit=20", claims: authorizerClaims({ sub: benchUser }) });

/** `GET /health`, no authorizer: what the Hono "hello" answers. */
export const healthEvent = () => apiEvent("GET", "/health", { claims: null });
