/**
 * Stage helpers, in one place. `production` is the live stage; permanent stages (production and
 * staging) get sturdier, costlier settings; every other stage is a personal one (`sst dev` uses
 * your username as the stage by default).
 */
export const isProduction = $app.stage === "production";
export const isPermanent = ["production", "staging"].includes($app.stage);
export const isPersonal = !isPermanent;

/** CloudWatch log retention for the stage's functions. */
export const logRetention = isProduction ? "6 months" : isPermanent ? "1 month" : "1 week";

/** The web dev server `sst dev` runs for packages/web (as `npm run dev` does offline). */
export const localWebOrigin = "http://localhost:5173";
