import { describe, expect, it } from "vitest";
import { user } from "../../../test/support/core";
import { assertActor, Claims, useActor, useActorId, useClaims, withActor } from "../src/actor";
import { ContextNotFoundError } from "../src/context";
import { VisibleError } from "../src/error";

/** A Cognito access token's claims as API Gateway's JWT authorizer hands them to Lambda. */
const cognitoAccessClaims = {
  auth_time: "1795800000",
  client_id: "4h3kq2n1p0o9i8u7y6t5r4e3w2",
  "cognito:groups": "[admin editors]",
  event_id: "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
  exp: "1795803600",
  iat: "1795800000",
  iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI",
  jti: "5f6e7d8c-9b0a-4132-8547-6a7b8c9d0e1f",
  origin_jti: "1a2b3c4d-5e6f-4071-8293-a4b5c6d7e8f9",
  scope: "promotions/read promotions/write",
  sub: "6c1f0e2a-7b3d-4e5f-8a9b-0c1d2e3f4a5b",
  token_use: "access",
  username: "ada",
};

describe("Claims", () => {
  it("parses a Cognito access token's claims as API Gateway passes them", () => {
    expect(Claims.parse(cognitoAccessClaims)).toEqual({
      sub: "6c1f0e2a-7b3d-4e5f-8a9b-0c1d2e3f4a5b",
      username: "ada",
      groups: ["admin", "editors"],
      scopes: ["promotions/read", "promotions/write"],
    });
  });

  const groups = (value: unknown) => Claims.parse({ ...cognitoAccessClaims, "cognito:groups": value }).groups;

  it("reads groups as API Gateway flattens them, and a real array as it is", () => {
    expect(groups("[admin editors]")).toEqual(["admin", "editors"]);
    expect(groups("[admin]")).toEqual(["admin"]);
    expect(groups("[]")).toEqual([]);
    expect(groups(["admin", "editors"])).toEqual(["admin", "editors"]);
  });

  it("keeps group names with brackets or quotes whole, and never turns them into admin", () => {
    // API Gateway writes each name as it is: ["[beta]", "a]b"] arrives as "[[beta] a]b]".
    expect(groups("[[beta] a]b]")).toEqual(["[beta]", "a]b"]);
    // The group literally named "admin" (with the quotes) is not the admin group.
    expect(groups('["admin"]')).toEqual(['"admin"']);
    expect(groups('["admin" "editors"]')).toEqual(['"admin"', '"editors"']);
  });

  it("gives a token without groups or scope empty lists", () => {
    const { "cognito:groups": _, scope: __, ...claims } = cognitoAccessClaims;
    expect(Claims.parse(claims)).toMatchObject({ groups: [], scopes: [] });
  });

  it("takes the username from cognito:username (ID tokens) and falls back to sub", () => {
    const { username: _, ...claims } = cognitoAccessClaims;
    expect(Claims.parse({ ...claims, "cognito:username": "ada" }).username).toBe("ada");
    expect(Claims.parse(claims).username).toBe(cognitoAccessClaims.sub);
  });

  it("keeps a valid email", () => {
    expect(Claims.parse({ ...cognitoAccessClaims, email: "ada@example.com" }).email).toBe("ada@example.com");
  });

  it.each([
    ["a missing sub", { sub: undefined }, "sub"],
    ["an empty sub", { sub: "" }, "sub"],
    ["a blank sub", { sub: "   " }, "sub"],
    ["a non-numeric exp", { exp: "tomorrow" }, "exp"],
    ["a negative iat", { iat: -5 }, "iat"],
    ["an unknown token_use", { token_use: "refresh" }, "token_use"],
    ["a malformed email", { email: "not-an-email" }, "email"],
    ["groups that are not strings", { "cognito:groups": [1, 2] }, "cognito:groups"],
    ["a sub longer than the 255 characters it is stored in", { sub: "s".repeat(256) }, "sub"],
    ["a numeric sub", { sub: 42 }, "sub"],
  ])("rejects %s", (_, change, field) => {
    const result = Claims.safeParse({ ...cognitoAccessClaims, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0])).toContain(field);
  });

  it("rejects claims that are not an object", () => {
    expect(Claims.safeParse(undefined).success).toBe(false);
    expect(Claims.safeParse("sub=ada").success).toBe(false);
  });
});

describe("actor", () => {
  it("useActor() outside withActor throws the named context error", () => {
    expect(() => useActor()).toThrow(ContextNotFoundError);
    expect(() => useActor()).toThrow("No actor context: this code ran outside withActor(...)");
  });

  it("useClaims() returns the user's claims", () => {
    withActor(user("ada"), () => expect(useClaims().sub).toBe("ada"));
  });

  it.each(["public", "system"] as const)("useClaims() for a %s actor throws an auth error", (type) => {
    withActor({ type }, () => {
      const error = catchError(() => useClaims());
      expect(error).toBeInstanceOf(VisibleError);
      expect(error).toMatchObject({ kind: "auth", code: "unauthorized" });
    });
  });

  it("assertActor(type) returns the actor of that type and rejects others", () => {
    withActor({ type: "system" }, () => {
      expect(assertActor("system")).toEqual({ type: "system" });
      expect(catchError(() => assertActor("user"))).toMatchObject({ kind: "auth" });
    });
  });

  it("useActorId() names a user by sub and others by type", () => {
    withActor(user("ada"), () => expect(useActorId()).toBe("ada"));
    withActor({ type: "system" }, () => expect(useActorId()).toBe("system"));
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}
