/**
 * Checks that read a whole evaluated graph and list what is wrong with it (an empty list when
 * nothing is). Generic on purpose: a new route, function or subnet is checked without a new test.
 */
import { isDeepStrictEqual } from "node:util";
import { routeKey, routes } from "../../packages/functions/src/api/routes";
import type { Graph } from "./graph";
import type { RecordedResource } from "./sst";

/** The only routes anyone may call without a token. */
export const publicRoutes = ["GET /health", "GET /openapi.json", "GET /docs"];

const LAMBDA = "aws:lambda/function:Function";

/**
 * Every route of the route table is declared once, with the table's authorization: the Cognito
 * authorizer and the table's scopes, or none for a public route; no other route is declared, and
 * no route outside `publicRoutes` goes without an authorizer.
 */
export function routeProblems(graph: Graph): string[] {
  const problems: string[] = [];
  const authorizer = graph.one("aws:apigatewayv2/authorizer:Authorizer");
  const declared = graph.ofType("aws:apigatewayv2/route:Route");
  const authorization = (route: RecordedResource) => ({
    type: route.inputs.authorizationType,
    authorizer: route.inputs.authorizerId,
    scopes: route.inputs.authorizationScopes,
  });
  for (const route of Object.values(routes)) {
    const key = routeKey(route);
    const matches = declared.filter((candidate) => candidate.inputs.routeKey === key);
    if (matches.length !== 1) problems.push(`${key} is declared ${matches.length} times`);
    const expected =
      route.auth === "jwt"
        ? { type: "JWT", authorizer: authorizer.id, scopes: [...route.scopes] }
        : { type: "NONE", authorizer: undefined, scopes: undefined };
    for (const match of matches) {
      if (!isDeepStrictEqual(authorization(match), expected)) {
        problems.push(
          `${key} has ${JSON.stringify(authorization(match))}, the table says ${JSON.stringify(expected)}`,
        );
      }
    }
  }
  const known = new Set(Object.values(routes).map(routeKey));
  for (const route of declared) {
    const key = String(route.inputs.routeKey);
    if (!known.has(key)) problems.push(`${key} is not in the route table`);
    if (!route.inputs.authorizerId && !publicRoutes.includes(key)) problems.push(`${key} has no authorizer`);
  }
  return problems;
}

/** The Lambda functions `sst dev` replaces with its bridge (their component's `_metadata.dev`). */
export function bridgedFunctions(graph: Graph): RecordedResource[] {
  return graph.ofType(LAMBDA).filter((fn) => {
    const metadata = graph.component(fn).outputs?._metadata as { dev?: boolean } | undefined;
    return metadata?.dev === true;
  });
}

/**
 * Under `sst dev` the function in AWS is SST's bridge, which must reach SST's AppSync endpoint on
 * the internet: none may sit in a subnet without a way out (a NAT route).
 */
export function bridgeProblems(graph: Graph): string[] {
  return bridgedFunctions(graph).flatMap((fn) => {
    const subnets = ((fn.inputs.vpcConfig as { subnetIds?: string[] } | undefined)?.subnetIds ?? []).filter(
      (subnet) => !graph.hasWayOut(subnet),
    );
    return subnets.map((subnet) => `${graph.component(fn).name} is in ${subnet}, which has no way out`);
  });
}

/** The Lambda functions API Gateway routes to (its integrations' targets). */
export function routedFunctions(graph: Graph): RecordedResource[] {
  const targets = new Set(
    graph
      .ofType("aws:apigatewayv2/integration:Integration")
      .map((integration) => integration.inputs.integrationUri),
  );
  return graph.ofType(LAMBDA).filter((fn) => targets.has(fn.state.arn));
}

/**
 * On a deploy, the invocation that migrates the database runs the migrator's new code against
 * the database, and every function behind a route waits for it: new code never serves an old
 * schema, and a failed migration stops the deploy before the API changes.
 */
export function migrationOrderProblems(graph: Graph): string[] {
  const migrator = graph.one(LAMBDA, "MigratorFunction");
  const migrations = graph
    .ofType("aws:lambda/invocation:Invocation")
    .filter((invocation) => invocation.inputs.functionName === migrator.inputs.name);
  if (migrations.length === 0) return ["nothing invokes the migrator"];
  const databases = graph.ofType("aws:rds/instance:Instance");
  return [
    ...migrations.flatMap((invocation) =>
      [migrator, ...databases]
        .filter((resource) => !invocation.dependencies.includes(resource.urn))
        .map((resource) => `${invocation.name} does not wait for ${resource.name}`),
    ),
    ...routedFunctions(graph).flatMap((fn) =>
      migrations
        .filter((invocation) => !fn.dependencies.includes(invocation.urn))
        .map((invocation) => `${graph.component(fn).name} does not wait for ${invocation.name}`),
    ),
  ];
}
