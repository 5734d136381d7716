import { Scope } from "@promotions/functions/api/routes";
import { UserManager, WebStorageStateStore } from "oidc-client-ts";
import { config } from "./config";

const origin = window.location.origin;

/** Authorization code + PKCE against the dev issuer offline and Cognito in AWS, same code. */
export const userManager = new UserManager({
  authority: config.authority,
  client_id: config.clientId,
  redirect_uri: `${origin}/auth/callback`,
  post_logout_redirect_uri: `${origin}/`,
  response_type: "code",
  scope: ["openid", "email", "profile", ...Object.values(Scope)].join(" "),
  // Renews with the refresh token before the access token expires; failing that, sign in again.
  automaticSilentRenew: true,
  userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  ...(config.logoutUrl ? { metadataSeed: { end_session_endpoint: config.logoutUrl } } : {}),
});

export function signIn() {
  return userManager.signinRedirect();
}

export function signOut() {
  // Cognito's /logout wants client_id and logout_uri; the dev issuer accepts the same.
  return userManager.signoutRedirect({
    extraQueryParams: { client_id: config.clientId, logout_uri: `${origin}/` },
  });
}
