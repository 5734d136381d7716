/**
 * The CloudFront router the site is served through. Created before the site so that its URL can
 * go into Cognito's callback URLs while the site's build takes Cognito's client id: without it,
 * site and client would each wait for the other.
 */
export const router = new sst.aws.Router("WebRouter");
