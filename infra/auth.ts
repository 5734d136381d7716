import { Scope } from "../packages/functions/src/api/routes";
import { isProduction, localWebOrigin } from "./stage";
import { router } from "./web-router";

/** Users and their group memberships are data: production keeps them through `sst remove`. */
const keepUsers = isProduction($app.stage);

/**
 * Cognito: users sign in by email on the hosted sign-in pages; the `admin` group marks
 * administrators; the resource server defines the API's scopes; the web client uses the
 * authorization-code flow with PKCE (a public client: no secret in the browser).
 * The offline dev issuer (packages/local/src/issuer) mirrors this: same paths, client id role,
 * scopes and token shape.
 */
export const userPool = new sst.aws.CognitoUserPool("UserPool", {
  usernames: ["email"],
  // The hosted sign-in pages live at https://promotions-<stage>-<account>.auth.<region>.amazoncognito.com
  domain: { prefix: $interpolate`promotions-${$app.stage}-${aws.getCallerIdentityOutput().accountId}` },
  transform: {
    userPool: (args, opts) => {
      args.deletionProtection = keepUsers ? "ACTIVE" : "INACTIVE";
      opts.retainOnDelete = keepUsers;
      args.passwordPolicy = {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: false,
        temporaryPasswordValidityDays: 7,
      };
      args.adminCreateUserConfig = { allowAdminCreateUserOnly: true };
    },
  },
});

export const adminGroup: aws.cognito.UserGroup = new aws.cognito.UserGroup(
  "AdminGroup",
  {
    userPoolId: userPool.id,
    name: "admin",
    description: "Administrators: may read every user's promotions",
  },
  { retainOnDelete: keepUsers },
);

/** The API's scopes: `promotions/read` and `promotions/write`, as the route table names them. */
export const resourceServer: aws.cognito.ResourceServer = new aws.cognito.ResourceServer("PromotionsApi", {
  userPoolId: userPool.id,
  identifier: "promotions",
  name: "Promotions API",
  scopes: Object.values(Scope).map((scope) => ({
    scopeName: scope.split("/")[1] as string,
    scopeDescription:
      scope === Scope.read ? "Read your promotions" : "Create, change and archive your promotions",
  })),
});

/** Where the web app runs: the router on deployed stages, the Vite dev server under `sst dev`. */
const siteUrls = router ? [router.url] : [localWebOrigin];

// Named WebClient: SST wants every top-level linkable name unique, and "Web" is the site.
export const webClient = userPool.addClient(
  "WebClient",
  {
    // The app's sign-in, and the API reference's "try it" sign-in on its /docs/ page.
    callbackUrls: siteUrls.flatMap((url) => [$interpolate`${url}/auth/callback`, $interpolate`${url}/docs/`]),
    transform: {
      client: (args) => {
        args.allowedOauthFlows = ["code"];
        args.allowedOauthScopes = ["openid", "email", "profile", ...Object.values(Scope)];
        args.logoutUrls = siteUrls.map((url) => $interpolate`${url}/`);
        args.generateSecret = false;
        args.explicitAuthFlows = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"];
        args.preventUserExistenceErrors = "ENABLED";
        args.accessTokenValidity = 1;
        args.idTokenValidity = 1;
        args.refreshTokenValidity = 30;
        args.tokenValidityUnits = { accessToken: "hours", idToken: "hours", refreshToken: "days" };
      },
    },
  },
  { dependsOn: [resourceServer] },
);

/** The issuer API Gateway trusts, and the sign-in pages the web app redirects to. */
export const issuerUrl = $interpolate`https://cognito-idp.${aws.getRegionOutput().name}.amazonaws.com/${userPool.id}`;
export const hostedUiUrl = userPool.domainUrl;
