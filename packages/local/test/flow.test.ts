import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { promotionInput } from "../../../test/support/core";
import { callApi, devToken, useStack } from "../../../test/support/stack";

const stack = useStack();

describe("the offline stack over HTTP", () => {
  it("token from /dev/token → create → list → get → patch → archive", async () => {
    const token = await devToken(stack(), { username: "flow-user" });
    const created = await callApi(stack(), "POST", "/promotions", token, promotionInput({ code: "FLOW-1" }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: "FLOW-1", status: "active" });
    const id = created.body.id as string;

    const list = await callApi(stack(), "GET", "/promotions", token);
    expect(list).toMatchObject({ status: 200, body: { data: [created.body], nextCursor: null } });

    expect(await callApi(stack(), "GET", `/promotions/${id}`, token)).toMatchObject({
      status: 200,
      body: created.body,
    });

    const patched = await callApi(stack(), "PATCH", `/promotions/${id}`, token, {
      title: "Patched over HTTP",
    });
    expect(patched).toMatchObject({ status: 200, body: { title: "Patched over HTTP" } });

    const archived = await callApi(stack(), "DELETE", `/promotions/${id}`, token);
    expect(archived).toMatchObject({ status: 200, body: { status: "archived" } });
    expect((await callApi(stack(), "GET", "/promotions", token)).body.data).toEqual([]);
  });

  it("the authorization-code + PKCE flow as a browser does it, then a call to the API", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const redirectUri = "http://localhost:5173/auth/callback";
    const authorize = new URL(`${stack().issuerUrl}/oauth2/authorize`);
    for (const [key, value] of Object.entries({
      response_type: "code",
      client_id: "promotions-web",
      redirect_uri: redirectUri,
      scope: "openid promotions/read promotions/write",
      state: "xyz",
      code_challenge: challenge,
      code_challenge_method: "S256",
    })) {
      authorize.searchParams.set(key, value);
    }
    const page = await fetch(authorize);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="username"');

    // Submit the login form: its hidden fields plus what the user typed.
    const fields = new URLSearchParams();
    for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
      fields.set(match[1] as string, (match[2] as string).replaceAll("&amp;", "&"));
    }
    fields.set("username", "pkce-user");
    fields.set("groups", "editors");
    const login = await fetch(`${stack().issuerUrl}/oauth2/authorize`, {
      method: "POST",
      body: fields,
      redirect: "manual",
    });
    expect(login.status).toBe(302);
    const callback = new URL(login.headers.get("location") ?? "");
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    expect(callback.searchParams.get("state")).toBe("xyz");
    const code = callback.searchParams.get("code") ?? "";

    const exchange = (codeVerifier: string) =>
      fetch(`${stack().issuerUrl}/oauth2/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: redirectUri,
          client_id: "promotions-web",
          code_verifier: codeVerifier,
        }),
      });
    const tokens = await (await exchange(verifier)).json();
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    // A code works once.
    expect((await exchange(verifier)).status).toBe(400);

    const list = await callApi(stack(), "GET", "/promotions", tokens.access_token);
    expect(list.status).toBe(200);

    const refreshed = await fetch(`${stack().issuerUrl}/oauth2/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token,
        client_id: "promotions-web",
      }),
    });
    expect(refreshed.status).toBe(200);
    expect((await callApi(stack(), "GET", "/promotions", (await refreshed.json()).access_token)).status).toBe(
      200,
    );
  });

  it("refuses a code exchanged with the wrong code_verifier", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const params = new URLSearchParams({
      response_type: "code",
      client_id: "promotions-web",
      redirect_uri: "http://localhost:5173/auth/callback",
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      username: "pkce-wrong",
    });
    const login = await fetch(`${stack().issuerUrl}/oauth2/authorize`, {
      method: "POST",
      body: params,
      redirect: "manual",
    });
    const code = new URL(login.headers.get("location") ?? "").searchParams.get("code") ?? "";
    const response = await fetch(`${stack().issuerUrl}/oauth2/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: "http://localhost:5173/auth/callback",
        client_id: "promotions-web",
        code_verifier: randomBytes(32).toString("base64url"),
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses an unregistered redirect_uri without redirecting to it", async () => {
    const response = await fetch(
      `${stack().issuerUrl}/oauth2/authorize?response_type=code&client_id=promotions-web&redirect_uri=${encodeURIComponent("https://evil.example/cb")}&code_challenge=${"a".repeat(43)}&code_challenge_method=S256`,
      { redirect: "manual" },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
  });

  it("redirects a request without PKCE S256 back with invalid_request", async () => {
    const response = await fetch(
      `${stack().issuerUrl}/oauth2/authorize?response_type=code&client_id=promotions-web&redirect_uri=${encodeURIComponent("http://localhost:5173/auth/callback")}&code_challenge=${"a".repeat(43)}&code_challenge_method=plain&state=s1`,
      { redirect: "manual" },
    );
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("state")).toBe("s1");
  });

  it("logout redirects only to a registered logout URI", async () => {
    const ok = await fetch(
      `${stack().issuerUrl}/logout?client_id=promotions-web&logout_uri=${encodeURIComponent("http://localhost:5173/")}`,
      { redirect: "manual" },
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("http://localhost:5173/");
    const bad = await fetch(
      `${stack().issuerUrl}/logout?logout_uri=${encodeURIComponent("https://evil.example/")}`,
      {
        redirect: "manual",
      },
    );
    expect(bad.status).toBe(400);
  });

  it("publishes discovery and a JWKS of RS256 keys with kid", async () => {
    const discovery = await (await fetch(`${stack().issuerUrl}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({
      issuer: stack().issuerUrl,
      jwks_uri: `${stack().issuerUrl}/.well-known/jwks.json`,
      authorization_endpoint: `${stack().issuerUrl}/oauth2/authorize`,
      token_endpoint: `${stack().issuerUrl}/oauth2/token`,
      code_challenge_methods_supported: ["S256"],
    });
    const jwks = await (await fetch(discovery.jwks_uri)).json();
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: expect.any(String) });
    expect(jwks.keys[0]).not.toHaveProperty("d");
  });
});

describe("the dev issuer's script endpoints", () => {
  const rotate = (init: RequestInit) =>
    fetch(`${stack().issuerUrl}/dev/rotate-keys`, { method: "POST", ...init });

  it("rotates keys for a script's JSON request, and refuses a cross-site page's or a text/plain post", async () => {
    const before = stack().keys.current.kid;
    const crossSite = await rotate({
      headers: {
        "content-type": "text/plain",
        origin: "https://evil.example",
        "sec-fetch-site": "cross-site",
      },
      body: "{}",
    });
    expect(crossSite.status).toBe(403);
    expect((await rotate({ headers: { "content-type": "text/plain" }, body: "{}" })).status).toBe(415);
    expect(stack().keys.current.kid).toBe(before);
    const script = await rotate({ headers: { "content-type": "application/json" }, body: "{}" });
    expect(script.status).toBe(200);
    expect(stack().keys.current.kid).not.toBe(before);
  });

  it("issues only scopes that exist: 400 for promotions/admin", async () => {
    const answer = await fetch(`${stack().issuerUrl}/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "greedy", scope: "promotions/read promotions/admin" }),
    });
    expect(answer.status).toBe(400);
    expect((await answer.json()).error.issues).toEqual([
      {
        path: "scope",
        message: "Only these scopes exist: openid email profile promotions/read promotions/write",
      },
    ]);
  });

  it("answers 400, not 500, to a sign-in form whose groups field is a file", async () => {
    const form = new FormData();
    form.set("username", "filer");
    form.set("groups", new Blob(["admin"]), "groups.txt");
    const answer = await fetch(`${stack().issuerUrl}/oauth2/authorize`, { method: "POST", body: form });
    expect(answer.status).toBe(400);
  });
});
