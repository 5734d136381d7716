/**
 * Starts bench/lambda/runtime.mjs as Lambda starts a function: Node with the runtime's flags, in the
 * (first) artifact's task root, with Lambda's variables and the functions' own, and nothing of this
 * process's environment (no DATABASE_URL, NODE_PATH or NODE_OPTIONS leak in): lambdaNodeFlags and
 * lambdaEnvironment, which invokeArtifact in infra/lambda/artifact.ts gives the artifact tests too.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { lambdaEnvironment, lambdaNodeFlags } from "../../infra/lambda/artifact";
import type { Artifact } from "../setup/artifacts";

const runtime = fileURLToPath(new URL("runtime.mjs", import.meta.url));

export type Job =
  | { mode: "cold"; event: unknown }
  | { mode: "pair"; event: unknown; rounds: number; perRound: number }
  | { mode: "solo"; event: unknown; rounds: number; perRound: number }
  | { mode: "memory"; event: unknown; first: number; total: number }
  | { mode: "loop"; event: unknown; count: number }
  | { mode: "operations"; event: unknown; count: number };

export interface RunOptions {
  /** The Node.js binary; this process's (24) unless told. */
  node?: string;
  /** Flags after Lambda's, before the script: --cpu-prof … */
  nodeFlags?: string[];
  /** Leave out the flags Lambda's bootstrap passes: Node as `node script` starts it. */
  bareNode?: boolean;
  /** A program and its arguments that run Node (valgrind …), else Node runs directly. */
  wrapper?: string[];
}

/** Runs `job` on `artifacts` (one, or two for "pair") in a fresh process and returns what it printed. */
export function runInLambda<T>(artifacts: Artifact[], job: Job, options: RunOptions = {}): Promise<T> {
  const [first] = artifacts;
  if (!first) throw new Error("No artifact to run");
  const env: Record<string, string> = lambdaEnvironment(
    first.name,
    first.task,
    first.handler,
    first.memoryMb,
  );
  // In a pair both functions' variables apply: the API's linked database wins over DATABASE_URL.
  for (const artifact of artifacts) Object.assign(env, artifact.env);
  const spec = { ...job, artifacts: artifacts.map(({ task, handler }) => ({ task, handler })) };
  return new Promise((resolve, reject) => {
    const [program = process.execPath, ...args] = [
      ...(options.wrapper ?? []),
      options.node ?? process.execPath,
      ...(options.bareNode ? [] : lambdaNodeFlags(first.memoryMb)),
      ...(options.nodeFlags ?? []),
      runtime,
      JSON.stringify(spec),
    ];
    execFile(
      program,
      args,
      { cwd: first.task, env, maxBuffer: 64 * 2 ** 20, timeout: 15 * 60_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(`${job.mode} on ${first.name} failed (${error.code ?? error.signal}):\n${stderr}`),
          );
          return;
        }
        resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "null") as T);
      },
    );
  });
}
