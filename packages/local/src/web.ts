import { fileURLToPath } from "node:url";
import type { LocalConfig } from "./config";
import { PortInUseError } from "./port-in-use";
import type { Stack } from "./stack";

const webRoot = fileURLToPath(new URL("../../web", import.meta.url));

/**
 * The web app's Vite dev server, pointed at this stack's API and issuer through the same VITE_*
 * variables infra/web.ts sets for the deployed site.
 */
export async function startWeb(config: LocalConfig, stack: Pick<Stack, "apiUrl" | "issuerUrl">) {
  Object.assign(process.env, {
    VITE_API_URL: stack.apiUrl,
    VITE_AUTH_AUTHORITY: stack.issuerUrl,
    VITE_AUTH_CLIENT_ID: config.clientId,
    VITE_STAGE: "local",
  });
  const { createServer } = await import("vite");
  const server = await createServer({
    root: webRoot,
    configFile: `${webRoot}/vite.config.ts`,
    logLevel: "warn",
    clearScreen: false,
    server: { port: config.webPort, strictPort: true, host: "localhost" },
  });
  try {
    await server.listen();
  } catch (error) {
    await server.close();
    if (error instanceof Error && /already in use/i.test(error.message))
      throw new PortInUseError(config.webPort, "WEB_PORT");
    throw error;
  }
  return { url: `http://localhost:${config.webPort}`, stop: () => server.close() };
}
