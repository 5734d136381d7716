/**
 * Where the app finds its API and its identity provider: the offline stack by default, Cognito
 * and API Gateway when infra/web.ts builds it (VITE_* variables, documented in .env.example).
 */
export const config = {
  apiUrl: import.meta.env.VITE_API_URL ?? "http://localhost:3000",
  authority: import.meta.env.VITE_AUTH_AUTHORITY ?? "http://localhost:3001",
  clientId: import.meta.env.VITE_AUTH_CLIENT_ID ?? "promotions-web",
  /** Cognito's discovery document lacks end_session_endpoint; the dev issuer's has it. */
  logoutUrl: import.meta.env.VITE_AUTH_LOGOUT_URL as string | undefined,
  stage: import.meta.env.VITE_STAGE ?? "local",
};
