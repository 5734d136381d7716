import { createSecretKey } from "node:crypto";
import { exportSPKI, generateKeyPair, importJWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { callApi, useStack } from "../../../test/support/stack";

const stack = useStack();
const now = () => Math.floor(Date.now() / 1000);

function claims(overrides: Record<string, unknown> = {}) {
  return {
    iss: stack().issuerUrl,
    sub: "jwt-matrix-user",
    client_id: "promotions-web",
    token_use: "access",
    scope: "promotions/read promotions/write",
    username: "jwt",
    iat: now(),
    exp: now() + 600,
    jti: crypto.randomUUID(),
    ...overrides,
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const list = (token?: string) => callApi(stack(), "GET", "/promotions", token);

/** What API Gateway answers a token it rejects: 401, its own body, and a Bearer challenge. */
function expectRejectedToken(answer: Awaited<ReturnType<typeof list>>) {
  expect(answer.status).toBe(401);
  expect(answer.body).toEqual({ message: "Unauthorized" });
  expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer .*error="invalid_token"/);
}

describe("the gateway's JWT authorizer", () => {
  it("accepts a genuine access token, with or without the Bearer prefix", async () => {
    const token = await stack().minter.sign(claims());
    expect((await list(token)).status).toBe(200);
    const bare = await fetch(`${stack().apiUrl}/promotions`, { headers: { authorization: token } });
    expect(bare.status).toBe(200);
  });

  it("no token: 401 Unauthorized without a challenge", async () => {
    const answer = await list();
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "Unauthorized" });
    expect(answer.headers.get("www-authenticate")).toBeNull();
  });

  it("a malformed token: 401", async () => {
    expectRejectedToken(await list("not.a.jwt"));
  });

  it("alg none: 401", async () => {
    const key = stack().keys.current;
    expectRejectedToken(await list(`${b64({ alg: "none", kid: key.kid })}.${b64(claims())}.`));
  });

  it("HS256 signed with the issuer's public key as the secret: 401", async () => {
    const key = stack().keys.current;
    const publicPem = await exportSPKI((await importJWK(key.publicJwk, "RS256")) as CryptoKey);
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: "HS256", kid: key.kid })
      .sign(createSecretKey(Buffer.from(publicPem)));
    expectRejectedToken(await list(token));
  });

  it("an unknown kid: 401", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: "RS256", kid: "unknown-kid" })
      .sign(privateKey);
    expectRejectedToken(await list(token));
  });

  it("a wrong signature under the issuer's kid: 401", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: "RS256", kid: stack().keys.current.kid })
      .sign(privateKey);
    expectRejectedToken(await list(token));
  });

  it("a tampered payload: 401", async () => {
    const [header, , signature] = (await stack().minter.sign(claims())).split(".");
    expectRejectedToken(await list(`${header}.${b64(claims({ sub: "someone-else" }))}.${signature}`));
  });

  it("an expired token: 401", async () => {
    expectRejectedToken(await list(await stack().minter.sign(claims({ iat: now() - 120, exp: now() - 1 }))));
  });

  it("nbf in the future: 401", async () => {
    expectRejectedToken(await list(await stack().minter.sign(claims({ nbf: now() + 60 }))));
  });

  it("iat in the future: 401", async () => {
    expectRejectedToken(await list(await stack().minter.sign(claims({ iat: now() + 60 }))));
  });

  it("a wrong iss: 401", async () => {
    expectRejectedToken(await list(await stack().minter.sign(claims({ iss: "http://evil.example" }))));
  });

  it("a wrong client_id (no aud): 401", async () => {
    expectRejectedToken(await list(await stack().minter.sign(claims({ client_id: "another-client" }))));
  });

  it("a wrong aud: 401, even with the right client_id", async () => {
    expectRejectedToken(await list(await stack().minter.sign(claims({ aud: "another-client" }))));
  });

  it("an ID token on a scoped route: 403 Forbidden", async () => {
    const { scope: _, client_id: __, ...rest } = claims();
    const idToken = await stack().minter.sign({ ...rest, aud: "promotions-web", token_use: "id" });
    const answer = await list(idToken);
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ message: "Forbidden" });
  });

  it("a token without the route's scope: 403 Forbidden", async () => {
    const token = await stack().minter.sign(claims({ scope: "promotions/read" }));
    const answer = await callApi(stack(), "POST", "/promotions", token, {});
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ message: "Forbidden" });
  });

  it("a genuine token without sub passes the gateway and the handler answers 401 invalid_claims", async () => {
    const { sub: _, ...rest } = claims();
    const answer = await list(await stack().minter.sign(rest));
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatchObject({ code: "invalid_claims", issues: [{ path: "claims.sub" }] });
  });

  it("after a key rotation, tokens of the new key and of the previous key both work", async () => {
    const before = await stack().minter.sign(claims());
    expect((await list(before)).status).toBe(200);
    await stack().keys.rotate();
    const after = await stack().minter.sign(claims());
    expect((await list(after)).status).toBe(200);
    expect((await list(before)).status).toBe(200);
  });

  it("public routes need no token", async () => {
    expect((await callApi(stack(), "GET", "/health")).status).toBe(200);
    expect((await callApi(stack(), "GET", "/openapi.json")).status).toBe(200);
  });

  it("a token without kid: 401, as API Gateway finds keys only by kid", async () => {
    const key = stack().keys.current;
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: "RS256" }).sign(key.privateKey);
    expectRejectedToken(await list(token));
  });

  it("a token without exp: 401", async () => {
    const { exp: _, ...unbounded } = claims();
    expectRejectedToken(await list(await stack().minter.sign(unbounded)));
  });

  it("reads scopes from an scp claim too, as a list or a string", async () => {
    const { scope: _, ...rest } = claims();
    expect((await list(await stack().minter.sign({ ...rest, scp: ["promotions/read"] }))).status).toBe(200);
    expect((await list(await stack().minter.sign({ ...rest, scp: "promotions/read" }))).status).toBe(200);
    const writeOnly = await list(await stack().minter.sign({ ...rest, scp: ["promotions/write"] }));
    expect(writeOnly).toMatchObject({ status: 403, body: { message: "Forbidden" } });
  });
});
