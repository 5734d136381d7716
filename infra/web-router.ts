/**
 * The CloudFront router the site is served through on deployed stages. Created before the site so
 * that its URL can go into Cognito's callback URLs while the site's build takes Cognito's client
 * id: without it, site and client would each wait for the other.
 *
 * Not under `sst dev`: the site runs on the Vite dev server there, and a CloudFront distribution
 * nobody uses would only add minutes to the first `sst dev`.
 */
export const router = $dev ? undefined : new sst.aws.Router("WebRouter");
