/**
 * How the artifact tests and the bench start a function: as Lambda's Node.js runtime does, with its
 * flags and variables. The flags change what a cold start costs, so they are specified here, as
 * the runtime's bootstrap computes them (`expr` on AWS_LAMBDA_FUNCTION_MEMORY_SIZE: a tenth for
 * the young generation, halved per semi-space, the rest for the old generation) and as wrapper
 * scripts (AWS_LAMBDA_EXEC_WRAPPER) receive them: 6 and 116 at 128 MB.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { invokeArtifact, lambdaNodeFlags } from "../lambda/artifact";

const task = mkdtempSync(join(tmpdir(), "promotions-runtime-"));
afterAll(() => rmSync(task, { recursive: true, force: true }));

describe("lambdaNodeFlags", () => {
  it("sizes the heap as the runtime's bootstrap does for 1024 MB: a 51 MB semi-space, 922 MB old space", () => {
    expect(lambdaNodeFlags(1024)).toEqual([
      "--expose-gc",
      "--max-http-header-size",
      "81920",
      "--max-semi-space-size=51",
      "--max-old-space-size=922",
    ]);
  });

  it("rounds down as the bootstrap's shell arithmetic does: 128 MB gets 6 and 116", () => {
    expect(lambdaNodeFlags(128).slice(3)).toEqual(["--max-semi-space-size=6", "--max-old-space-size=116"]);
  });
});

describe("invokeArtifact", () => {
  it("runs the handler in a Node started with the runtime's flags and variables for the memory", async () => {
    writeFileSync(
      join(task, "bundle.mjs"),
      `export const handler = async (_event, context) => ({
        execArgv: process.execArgv,
        gc: typeof globalThis.gc,
        memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
        contextMemory: context.memoryLimitInMB,
      });`,
    );
    const [result] = await invokeArtifact(task, "bundle.handler", [{}], { memoryMb: 512 });
    expect(result).toEqual({
      execArgv: [...lambdaNodeFlags(512), "--input-type=module", "--eval", expect.any(String)],
      gc: "function",
      memory: "512",
      contextMemory: "512",
    });
  });
});
