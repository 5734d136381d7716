import type { Server } from "node:http";
import { join } from "node:path";
import { createAdaptorServer, type ServerType } from "@hono/node-server";
import { corsPolicy, routes } from "@promotions/functions/api/routes";
import type { LocalConfig } from "./config";
import { createJwtAuthorizer } from "./gateway/authorizer";
import { createGateway, type GatewayOptions, type LambdaHandler } from "./gateway/server";
import { createIssuerApp } from "./issuer/app";
import { KeyStore } from "./issuer/keys";
import { PortInUseError } from "./port-in-use";

export interface StackOptions {
  config: LocalConfig;
  handler: LambdaHandler;
  /** Keep the issuer's keys in memory instead of `<dataDir>/issuer/keys.json`. */
  ephemeralKeys?: boolean;
  /** Host to bind; loopback unless told otherwise. */
  host?: string;
  gatewayTimeoutMs?: number;
  gatewayThrottle?: GatewayOptions["throttle"];
  jwksCooldownMs?: number;
  log?: (line: string) => void;
}

function listen(server: Server | ServerType, port: number, host: string, variable: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new PortInUseError(port, variable) : error),
    );
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

const close = (server: Server | ServerType) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ("closeAllConnections" in server) server.closeAllConnections();
  });

/**
 * The issuer and the gateway, wired as in AWS: the gateway trusts the issuer's keys and the web
 * client's id as audience, and serves the route table in front of `handler`.
 */
export async function startStack(options: StackOptions) {
  const { config } = options;
  const host = options.host ?? "127.0.0.1";
  const keys = await KeyStore.open(
    options.ephemeralKeys ? "memory" : join(config.dataDir, "issuer", "keys.json"),
  );

  // With port 0 (tests) the issuer's URL is only known once it listens: bind the app after that.
  let issuerApp: ReturnType<typeof createIssuerApp> | undefined;
  const issuerServer = createAdaptorServer({
    fetch: (request: Request) =>
      issuerApp ? issuerApp.app.fetch(request) : new Response("Starting", { status: 503 }),
  });
  const issuerPort = await listen(issuerServer, config.issuerPort, host, "ISSUER_PORT");
  const issuerUrl = config.issuerPort === 0 ? `http://${host}:${issuerPort}` : config.issuerUrl;
  issuerApp = createIssuerApp({
    issuer: issuerUrl,
    keys,
    clientId: config.clientId,
    redirectUris: config.redirectUris,
    logoutUris: config.logoutUris,
    corsOrigins: config.corsOrigins,
  });
  const { minter } = issuerApp;

  const gateway = createGateway({
    handler: options.handler,
    routes: Object.values(routes),
    authorizer: createJwtAuthorizer({
      issuer: issuerUrl,
      audiences: [config.clientId],
      ...(options.jwksCooldownMs === undefined ? {} : { jwksCooldownMs: options.jwksCooldownMs }),
    }),
    cors: corsPolicy(config.corsOrigins),
    ...(options.gatewayTimeoutMs === undefined ? {} : { timeoutMs: options.gatewayTimeoutMs }),
    ...(options.gatewayThrottle === undefined ? {} : { throttle: options.gatewayThrottle }),
    ...(options.log ? { log: options.log } : {}),
  });
  let apiPort: number;
  try {
    apiPort = await listen(gateway, config.apiPort, host, "API_PORT");
  } catch (error) {
    await close(issuerServer);
    throw error;
  }
  const apiUrl = config.apiPort === 0 ? `http://${host}:${apiPort}` : config.apiUrl;

  return {
    apiUrl,
    issuerUrl,
    keys,
    minter,
    async stop() {
      await Promise.all([close(gateway), close(issuerServer)]);
    },
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;
