import { createHash, randomUUID } from "node:crypto";
import { type JWTPayload, SignJWT } from "jose";
import type { KeyStore } from "./keys";

export interface DevUser {
  sub: string;
  username: string;
  groups: string[];
  email?: string;
}

/** A stable sub per username (UUID-shaped like Cognito's), so a user keeps their data across runs. */
export function subFor(username: string): string {
  const hex = createHash("sha256").update(`promotions-dev:${username}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface TokenRequest {
  user: DevUser;
  clientId: string;
  scope: string;
  expiresIn: number;
  nonce?: string;
}

export interface TokenSet {
  access_token: string;
  id_token: string;
  token_type: "Bearer";
  expires_in: number;
}

/** Signs tokens shaped like Cognito's: the access token has no `aud`, but `client_id` and `scope`. */
export class TokenMinter {
  constructor(
    private readonly keys: KeyStore,
    private readonly issuer: string,
  ) {}

  /** Signs any claims with the current key (tests use it for tokens the issuer would never make). */
  async sign(claims: JWTPayload, header: { kid?: string; typ?: string } = {}): Promise<string> {
    const key = this.keys.current;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: key.kid, ...header })
      .sign(key.privateKey);
  }

  async mint({ user, clientId, scope, expiresIn, nonce }: TokenRequest): Promise<TokenSet> {
    const now = Math.floor(Date.now() / 1000);
    const common = {
      iss: this.issuer,
      sub: user.sub,
      iat: now,
      exp: now + expiresIn,
      auth_time: now,
      origin_jti: randomUUID(),
      event_id: randomUUID(),
      ...(user.groups.length > 0 ? { "cognito:groups": user.groups } : {}),
    };
    const access = this.sign({
      ...common,
      client_id: clientId,
      token_use: "access",
      scope,
      username: user.username,
      jti: randomUUID(),
    });
    const id = this.sign({
      ...common,
      aud: clientId,
      token_use: "id",
      "cognito:username": user.username,
      ...(user.email ? { email: user.email, email_verified: true } : {}),
      ...(nonce ? { nonce } : {}),
      jti: randomUUID(),
    });
    return { access_token: await access, id_token: await id, token_type: "Bearer", expires_in: expiresIn };
  }
}
