import { parseOrigins } from "@promotions/functions/api/routes";

/** Everything the offline stack reads from the environment (documented in .env.example). */
export function localConfig(env: NodeJS.ProcessEnv = process.env) {
  const apiPort = Number(env.API_PORT ?? 3000);
  const issuerPort = Number(env.ISSUER_PORT ?? 3001);
  const webPort = Number(env.WEB_PORT ?? 5173);
  const databasePort = Number(env.DATABASE_PORT ?? 5433);
  const webOrigin = `http://localhost:${webPort}`;
  const list = (value: string | undefined, fallback: string[]) =>
    value
      ? value
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean)
      : fallback;
  return {
    apiPort,
    issuerPort,
    webPort,
    /** Where `npm run dev` serves its embedded PGlite over the PostgreSQL protocol. */
    databasePort,
    apiUrl: `http://localhost:${apiPort}`,
    issuerUrl: env.ISSUER_URL ?? `http://localhost:${issuerPort}`,
    webOrigin,
    /** The web app's OAuth client, as infra/auth.ts registers it in Cognito. */
    clientId: env.WEB_CLIENT_ID ?? "promotions-web",
    // The web app's sign-in, and the API reference's "try it" sign-in (its /docs/ page).
    redirectUris: list(env.ISSUER_REDIRECT_URIS, [`${webOrigin}/auth/callback`, `${webOrigin}/docs/`]),
    logoutUris: list(env.ISSUER_LOGOUT_URIS, [`${webOrigin}/`]),
    corsOrigins: parseOrigins(env.CORS_ORIGINS ?? webOrigin),
    dataDir: env.LOCAL_DATA_DIR ?? ".data",
  };
}
export type LocalConfig = ReturnType<typeof localConfig>;
