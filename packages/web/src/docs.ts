/**
 * The API reference (Scalar), served by the web app — offline by Vite, in AWS from the static
 * site — so that neither the API's function nor a CDN is involved: the script comes from the npm
 * package. "Try it" signs in through the stage's issuer with this app's client, code + PKCE.
 */

import { Scope } from "@promotions/functions/api/routes";
import scalarScript from "@scalar/api-reference/browser/standalone.js?url";
import { config } from "./config";

declare global {
  interface Window {
    Scalar?: { createApiReference(target: string, options: Record<string, unknown>): unknown };
  }
}

const script = document.createElement("script");
script.src = scalarScript;
script.onload = () =>
  window.Scalar?.createApiReference("#reference", {
    url: `${config.apiUrl}/openapi.json`,
    withDefaultFonts: false, // the fonts would come from Scalar's CDN
    proxyUrl: "", // requests go straight to the API (its CORS allows this page), not through scalar.com
    agent: { disabled: true }, // Scalar's AI agent searches a registry on scalar.com
    authentication: {
      preferredSecurityScheme: "cognito",
      securitySchemes: {
        cognito: {
          flows: {
            authorizationCode: {
              "x-scalar-client-id": config.clientId,
              "x-usePkce": "SHA-256",
              "x-scalar-redirect-uri": `${window.location.origin}/docs/`,
              selectedScopes: Object.values(Scope),
            },
          },
        },
      },
    },
  });
document.head.append(script);
