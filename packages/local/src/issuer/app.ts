import { createHash, randomBytes } from "node:crypto";
import { zValidator } from "@hono/zod-validator";
import { Scope } from "@promotions/functions/api/routes";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { z } from "zod";
import type { KeyStore } from "./keys";
import { loginPage } from "./login-page";
import { type DevUser, subFor, TokenMinter } from "./tokens";

export interface IssuerOptions {
  issuer: string;
  keys: KeyStore;
  clientId: string;
  redirectUris: string[];
  logoutUris: string[];
  corsOrigins: string[];
  /** Lifetime of access and ID tokens, in seconds (Cognito's default: one hour). */
  tokenLifetime?: number;
}

/** Every scope of the API: what `/dev/token` grants when a script asks for none. */
const API_SCOPE = Object.values(Scope).join(" ");
/** What the issuer supports, as Cognito's web client is configured: OIDC scopes and the API's. */
const SUPPORTED_SCOPES = `openid email profile ${API_SCOPE}`;
const CODE_LIFETIME_MS = 5 * 60 * 1000;

const Username = z.string().regex(/^[A-Za-z0-9._@+-]{1,64}$/, "Use 1–64 letters, digits or ._@+-");
const Groups = z
  .string()
  .default("")
  .transform((value) => value.split(/[\s,]+/).filter(Boolean));

/** A space-separated scope list naming only scopes this issuer (like Cognito's web client) knows. */
const KnownScope = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (value) =>
        value.split(" ").every((scope) => scope === "" || SUPPORTED_SCOPES.split(" ").includes(scope)),
      `Only these scopes exist: ${SUPPORTED_SCOPES}`,
    );

/** A form post whose every field is text: a file where text belongs is a bad request, not a crash. */
const TextForm = z.record(z.string(), z.string());

const AuthorizeParams = z.object({
  response_type: z.literal("code"),
  client_id: z.string(),
  redirect_uri: z.string(),
  scope: KnownScope("openid"),
  state: z.string().optional(),
  nonce: z.string().optional(),
  code_challenge: z.string().regex(/^[A-Za-z0-9_-]{43,128}$/),
  code_challenge_method: z.literal("S256"),
});
type AuthorizeParams = z.infer<typeof AuthorizeParams>;

const DevTokenRequest = z.strictObject({
  sub: z.string().min(1).optional(),
  username: Username,
  email: z.email().optional(),
  groups: z.array(z.string().min(1)).default([]),
  scope: KnownScope(API_SCOPE),
  expiresIn: z.int().min(1).max(86_400).optional(),
});

const TokenRequest = z.discriminatedUnion("grant_type", [
  z.object({
    grant_type: z.literal("authorization_code"),
    code: z.string(),
    redirect_uri: z.string(),
    client_id: z.string(),
    code_verifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/),
  }),
  z.object({ grant_type: z.literal("refresh_token"), refresh_token: z.string(), client_id: z.string() }),
]);

interface Grant {
  user: DevUser;
  clientId: string;
  scope: string;
  nonce?: string;
}

const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");
const opaque = () => randomBytes(32).toString("base64url");

/**
 * The development OIDC issuer: Cognito's endpoints and token shapes, so the API Gateway emulator
 * and the web app use it exactly as they would use a Cognito user pool.
 */
export function createIssuerApp(options: IssuerOptions) {
  const minter = new TokenMinter(options.keys, options.issuer);
  const lifetime = options.tokenLifetime ?? 3600;
  // Codes and refresh tokens live in memory: after a restart the web app signs in again.
  const codes = new Map<string, Grant & { redirectUri: string; challenge: string; expiresAt: number }>();
  const refreshTokens = new Map<string, Grant>();

  const oauthError = (error: string, description: string) => ({ error, error_description: description });
  const badClient = (params: { client_id?: string; redirect_uri?: string }) =>
    params.client_id !== options.clientId || !options.redirectUris.includes(params.redirect_uri ?? "");

  function userFrom(form: { username: string; groups: string[]; admin?: string }): DevUser {
    const groups = [...new Set([...form.groups, ...(form.admin === "on" ? ["admin"] : [])])];
    return {
      sub: subFor(form.username),
      username: form.username,
      groups,
      email: `${form.username}@example.com`,
    };
  }

  const app = new Hono();
  app.use("*", cors({ origin: options.corsOrigins, allowMethods: ["GET", "POST"], maxAge: 600 }));

  app.get("/.well-known/openid-configuration", (c) =>
    c.json({
      issuer: options.issuer,
      authorization_endpoint: `${options.issuer}/oauth2/authorize`,
      token_endpoint: `${options.issuer}/oauth2/token`,
      jwks_uri: `${options.issuer}/.well-known/jwks.json`,
      end_session_endpoint: `${options.issuer}/logout`,
      response_types_supported: ["code"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: SUPPORTED_SCOPES.split(" "),
      token_endpoint_auth_methods_supported: ["none"],
      code_challenge_methods_supported: ["S256"],
    }),
  );

  app.get("/.well-known/jwks.json", (c) => c.json(options.keys.jwks()));

  app.get("/oauth2/authorize", (c) => {
    const query = c.req.query();
    // Never redirect to an address that is not registered: answer here instead.
    if (badClient(query)) return c.text("Unknown client_id or unregistered redirect_uri", 400);
    const params = AuthorizeParams.safeParse(query);
    if (!params.success) {
      const target = new URL(query.redirect_uri as string);
      target.searchParams.set("error", "invalid_request");
      target.searchParams.set("error_description", "PKCE with S256 and response_type=code are required");
      if (query.state) target.searchParams.set("state", query.state);
      return c.redirect(target.toString(), 302);
    }
    return c.html(loginPage(params.data as Record<string, string>));
  });

  app.post("/oauth2/authorize", async (c) => {
    const body = TextForm.safeParse(await c.req.parseBody());
    if (!body.success) return c.text("Every form field must be text", 400);
    const form = body.data;
    if (badClient(form)) return c.text("Unknown client_id or unregistered redirect_uri", 400);
    const params = AuthorizeParams.safeParse(form);
    if (!params.success) return c.text("Invalid authorization request", 400);
    const username = Username.safeParse(form.username);
    if (!username.success) {
      const { username: _, groups: __, admin: ___, ...hidden } = form;
      return c.html(loginPage(hidden, username.error.issues[0]?.message), 400);
    }
    const p: AuthorizeParams = params.data;
    const code = opaque();
    codes.set(code, {
      user: userFrom({ username: username.data, groups: Groups.parse(form.groups), admin: form.admin }),
      clientId: p.client_id,
      scope: p.scope,
      ...(p.nonce ? { nonce: p.nonce } : {}),
      redirectUri: p.redirect_uri,
      challenge: p.code_challenge,
      expiresAt: Date.now() + CODE_LIFETIME_MS,
    });
    const target = new URL(p.redirect_uri);
    target.searchParams.set("code", code);
    if (p.state) target.searchParams.set("state", p.state);
    return c.redirect(target.toString(), 302);
  });

  app.post("/oauth2/token", async (c) => {
    const parsed = TokenRequest.safeParse(await c.req.parseBody().catch(() => undefined));
    if (!parsed.success) return c.json(oauthError("invalid_request", "Malformed token request"), 400);
    const request = parsed.data;
    if (request.client_id !== options.clientId)
      return c.json(oauthError("invalid_client", "Unknown client"), 400);
    if (request.grant_type === "authorization_code") {
      const grant = codes.get(request.code);
      codes.delete(request.code); // single use, whatever happens next
      if (
        !grant ||
        grant.expiresAt < Date.now() ||
        grant.clientId !== request.client_id ||
        grant.redirectUri !== request.redirect_uri ||
        grant.challenge !== s256(request.code_verifier)
      ) {
        return c.json(oauthError("invalid_grant", "Invalid code, redirect_uri or code_verifier"), 400);
      }
      const refresh = opaque();
      refreshTokens.set(refresh, grant);
      const tokens = await minter.mint({ ...grant, expiresIn: lifetime });
      return c.json({ ...tokens, refresh_token: refresh });
    }
    const grant = refreshTokens.get(request.refresh_token);
    if (!grant || grant.clientId !== request.client_id) {
      return c.json(oauthError("invalid_grant", "Unknown refresh token"), 400);
    }
    return c.json(await minter.mint({ ...grant, expiresIn: lifetime }));
  });

  app.get("/logout", (c) => {
    const target = c.req.query("logout_uri") ?? c.req.query("post_logout_redirect_uri");
    if (!target || !options.logoutUris.includes(target)) return c.text("Unregistered logout_uri", 400);
    const url = new URL(target);
    const state = c.req.query("state");
    if (state) url.searchParams.set("state", state);
    return c.redirect(url.toString(), 302);
  });

  app.post(
    "/dev/token",
    zValidator("json", DevTokenRequest, (result, c) => {
      if (!result.success) {
        const issues = result.error.issues.map((issue) => ({
          path: issue.path.join("."),
          message: issue.message,
        }));
        return c.json({ error: { code: "invalid_input", message: "Invalid token request", issues } }, 400);
      }
    }),
    async (c) => {
      const body = c.req.valid("json");
      const user: DevUser = {
        sub: body.sub ?? subFor(body.username),
        username: body.username,
        groups: body.groups,
        ...(body.email ? { email: body.email } : {}),
      };
      return c.json(
        await minter.mint({
          user,
          clientId: options.clientId,
          scope: body.scope,
          expiresIn: body.expiresIn ?? lifetime,
        }),
      );
    },
  );

  /**
   * Replaces the signing key (every token signed before stops working). For scripts and tests:
   * JSON only and never from another site, so a page the developer visits cannot post to it —
   * a cross-site fetch with a JSON body needs a preflight, which this issuer's CORS refuses.
   */
  app.post("/dev/rotate-keys", async (c) => {
    const site = c.req.header("sec-fetch-site");
    const origin = c.req.header("origin");
    if (
      (site && site !== "same-origin" && site !== "none") ||
      (origin && origin !== new URL(options.issuer).origin)
    ) {
      return c.json(
        {
          error: { code: "forbidden", message: "Rotate keys from a script, not from a web page", issues: [] },
        },
        403,
      );
    }
    if (!c.req.header("content-type")?.startsWith("application/json")) {
      return c.json(
        {
          error: {
            code: "unsupported_media_type",
            message: "Send the request as application/json",
            issues: [],
          },
        },
        415,
      );
    }
    return c.json({ kid: (await options.keys.rotate()).kid });
  });

  return { app, minter };
}
