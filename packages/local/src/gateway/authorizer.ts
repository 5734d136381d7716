import { createRemoteJWKSet, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from "jose";

export interface JwtAuthorizerOptions {
  /** The `iss` tokens must carry; its discovery document names the JWKS. */
  issuer: string;
  /** Accepted `aud` values or, for tokens without `aud` (Cognito access tokens), `client_id`. */
  audiences: string[];
  /** Minimum time between two JWKS fetches triggered by an unknown `kid`. */
  jwksCooldownMs?: number;
}

export type Authorization =
  | { ok: true; claims: JWTPayload; scopes: string[] }
  | { ok: false; status: 401 | 403; tokenSent: boolean; description: string };

const deny = (status: 401 | 403, tokenSent: boolean, description: string): Authorization => ({
  ok: false,
  status,
  tokenSent,
  description,
});

function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "the token has expired";
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the token's ${error.claim} claim is not valid`;
  if (error instanceof errors.JWKSNoMatchingKey) return "no key in the JWKS matches the token's kid";
  if (error instanceof errors.JOSEAlgNotAllowed) return "the token's alg is not allowed";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "signature verification failed";
  return "the token is not a valid JWT";
}

/** The token's scopes from `scope` or `scp`, as API Gateway reads them: a space-separated string or a list. */
function scopesOf(claims: JWTPayload): string[] {
  const value = claims.scope ?? claims.scp;
  if (typeof value === "string") return value.split(" ").filter(Boolean);
  if (Array.isArray(value)) return value.filter((scope): scope is string => typeof scope === "string");
  return [];
}

/**
 * API Gateway's JWT authorizer for HTTP APIs: the token from `Authorization` (the `Bearer ` prefix
 * is optional), keys from the issuer's discovery document (cached; refetched on an unknown kid),
 * a `kid` and RS256 only, exact `iss`, `aud` — or `client_id` when there is no `aud` — among the audiences,
 * a required `exp`, `nbf` and `iat` with no clock skew, and at least one of the route's scopes
 * (from `scope` or `scp`).
 */
export function createJwtAuthorizer(options: JwtAuthorizerOptions) {
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  async function keySet() {
    if (!jwks) {
      const response = await fetch(`${options.issuer}/.well-known/openid-configuration`);
      if (!response.ok) throw new Error(`Issuer discovery failed: ${response.status}`);
      const { jwks_uri } = (await response.json()) as { jwks_uri: string };
      jwks = createRemoteJWKSet(new URL(jwks_uri), { cooldownDuration: options.jwksCooldownMs ?? 5_000 });
    }
    return jwks;
  }

  return async function authorize(
    header: string | undefined,
    routeScopes: readonly string[],
  ): Promise<Authorization> {
    const token = header?.replace(/^Bearer\s+/i, "").trim();
    if (!token) return deny(401, false, "no token");
    let claims: JWTPayload;
    try {
      // API Gateway picks the key by `kid` and wants an `exp`; jose alone would try the only key
      // of a one-key set and accept a token that never expires.
      if (typeof decodeProtectedHeader(token).kid !== "string")
        return deny(401, true, "the token has no kid");
      ({ payload: claims } = await jwtVerify(token, await keySet(), {
        issuer: options.issuer,
        algorithms: ["RS256"],
        clockTolerance: 0,
        requiredClaims: ["exp"],
      }));
    } catch (error) {
      return deny(401, true, reasonFor(error));
    }
    if (typeof claims.iat === "number" && claims.iat > Date.now() / 1000) {
      return deny(401, true, "the token's iat claim is in the future");
    }
    const audiences = claims.aud === undefined ? [claims.client_id] : [claims.aud].flat();
    if (!audiences.some((audience) => typeof audience === "string" && options.audiences.includes(audience))) {
      return deny(401, true, "the token's audience is not allowed");
    }
    const scopes = scopesOf(claims);
    if (routeScopes.length > 0 && !routeScopes.some((scope) => scopes.includes(scope))) {
      return deny(403, true, "the token lacks the route's scopes");
    }
    return { ok: true, claims, scopes };
  };
}
export type JwtAuthorizer = ReturnType<typeof createJwtAuthorizer>;
