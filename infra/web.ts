import { api } from "./api";
import { hostedUiUrl, issuerUrl, webClient } from "./auth";
import { localWebOrigin } from "./stage";
import { router } from "./web-router";

/** The Vite build of packages/web, served through the router; `sst dev` runs its dev server. */
export const site = new sst.aws.StaticSite("Web", {
  path: "packages/web",
  build: { command: "npm run build", output: "dist" },
  ...(router ? { router: { instance: router } } : {}),
  environment: {
    VITE_API_URL: api.url,
    VITE_AUTH_AUTHORITY: issuerUrl,
    VITE_AUTH_CLIENT_ID: webClient.id,
    // Cognito's discovery document has no end_session_endpoint: the app needs the logout URL.
    VITE_AUTH_LOGOUT_URL: $interpolate`${hostedUiUrl}/logout`,
    VITE_STAGE: $app.stage,
  },
  dev: { command: "npm run dev", url: localWebOrigin },
  // SST writes the types of these VITE_* variables for the site, by default into src/; there the
  // file would dirty the work tree and fail `biome ci` after every `sst dev`. src/config.ts types
  // them already, so SST's copy goes under .sst (ignored, like everything SST writes there).
  vite: { types: "../../.sst/web-env.d.ts" },
});
