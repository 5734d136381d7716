/**
 * The stages this app knows, and what each kind gets. Plain functions of a stage name (no SST
 * globals), so that the CI workflows' tests and the artifact builder can read them too; infra
 * modules call them with `$app.stage`.
 *
 * - `production`: the live stage. Its data outlives a mistaken `sst remove`.
 * - `staging`: deployed from main. Permanent like production (sturdier, costlier settings), but its
 *   data is disposable.
 * - `pr-<number>`: one per open pull request, deployed by CI and removed when the PR closes.
 * - anything else: a personal stage (`sst dev` uses your OS user name by default).
 */
export const permanentStages = ["production", "staging"] as const;

/** The stage CI deploys for a pull request (.github/workflows/pull-request.yml). */
const prStagePattern = /^pr-\d+$/;

export type StageKind = "production" | "staging" | "pr" | "personal";

export function stageKind(stage: string): StageKind {
  if (stage === "production" || stage === "staging") return stage;
  return prStagePattern.test(stage) ? "pr" : "personal";
}

export const isProduction = (stage: string) => stageKind(stage) === "production";
export const isPermanent = (stage: string) => (permanentStages as readonly string[]).includes(stage);

/** CloudWatch log retention of the stage's functions and API access logs. */
export function logRetention(stage: string): "6 months" | "1 month" | "1 week" {
  return isProduction(stage) ? "6 months" : isPermanent(stage) ? "1 month" : "1 week";
}

/** The web dev server `sst dev` runs for packages/web (as `npm run dev` does offline). */
export const localWebOrigin = "http://localhost:5173";
