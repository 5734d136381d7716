/**
 * Where the app finds its API and its identity provider: the VITE_* variables that `npm run dev`
 * sets to the offline stack (packages/local/src/web.ts) and infra/web.ts to API Gateway and
 * Cognito; .env.example documents them. There are no defaults here, so that one place says what
 * the offline stack's URLs and client id are.
 */
function required(name: string, value: string | undefined): string {
  if (!value) throw new Error(`${name} is not set: start the app with npm run dev, or build it through SST`);
  return value;
}

export const config = {
  apiUrl: required("VITE_API_URL", import.meta.env.VITE_API_URL),
  authority: required("VITE_AUTH_AUTHORITY", import.meta.env.VITE_AUTH_AUTHORITY),
  clientId: required("VITE_AUTH_CLIENT_ID", import.meta.env.VITE_AUTH_CLIENT_ID),
  /** Cognito's discovery document lacks end_session_endpoint; the dev issuer's has it. */
  logoutUrl: import.meta.env.VITE_AUTH_LOGOUT_URL as string | undefined,
  stage: import.meta.env.VITE_STAGE ?? "local",
};
