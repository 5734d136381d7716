/**
 * The artifacts the bench runs, each built by the app's artifact builder (infra/lambda/artifact.ts,
 * SST's esbuild options with the app's function defaults) and laid out alone in a directory under
 * the system's temp directory — as Lambda's /var/task, with no node_modules to fall back on.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ArtifactSpec,
  artifacts,
  buildArtifact,
  defaultProperties,
  sstEnvironment,
} from "../../infra/lambda/artifact";

export interface Artifact {
  name: string;
  /** The task root (/var/task): the bundle, its copyFiles and resource.enc. */
  task: string;
  /** The build output, with the source map a profile needs (not shipped). */
  out: string;
  handler: string;
  /** The function's memory in MB, from which Lambda sizes Node's heap. */
  memoryMb: number;
  /** The function's own variables: SST's for the API, DATABASE_URL for the floor. */
  env: Record<string, string>;
  /** What Lambda loads to start: the JavaScript in the task root (no .map, no openapi.json). */
  bytes: number;
}

/** The floor functions, declared as infra/*.ts declares the API's, with the API's memory. */
const floorFunction = { copyFiles: [], environment: {}, memoryMb: artifacts.api.memoryMb };
const floorSpecs = {
  floor: { functionID: "BenchFloor", handler: "bench/floor/handler.handler", ...floorFunction },
  hello: { functionID: "BenchHello", handler: "bench/floor/hello.handler", ...floorFunction },
} as const satisfies Record<string, ArtifactSpec>;

const loadedBytes = (task: string) =>
  readdirSync(task)
    .filter((file) => /\.[mc]?js$/.test(file))
    .reduce((sum, file) => sum + statSync(join(task, file)).size, 0);

export interface BenchArtifacts {
  work: string;
  api: Artifact;
  /** The API with packages/core/src/context.ts swapped for bench/context-explicit.ts. */
  apiExplicit: Artifact;
  floor: Artifact;
  hello: Artifact;
}

/** Builds the four artifacts into a new temp directory; `database` is linked as SST links it. */
export async function buildBenchArtifacts(database: {
  url: string;
  link: Record<string, unknown>;
}): Promise<BenchArtifacts> {
  const work = mkdtempSync(join(tmpdir(), "promotions-bench-"));
  const key = randomBytes(32).toString("base64");
  // SST's variables on every function, as the artifact tests give them.
  const sst = sstEnvironment("bench", key);
  // Lambda's log level for the figures: no log lines for the API either, as the floor writes none.
  const quiet = { LOG_LEVEL: "SILENT" };

  async function build(
    name: string,
    spec: ArtifactSpec,
    env: Record<string, string>,
    properties = defaultProperties(),
  ): Promise<Artifact> {
    const task = join(work, name, "task");
    const out = join(work, name, "src");
    await buildArtifact(spec, { task, out, key, links: { Database: database.link }, properties });
    return {
      name,
      task,
      out,
      handler: "bundle.handler",
      memoryMb: spec.memoryMb,
      env,
      bytes: loadedBytes(task),
    };
  }

  const apiEnv = { ...sst, ...artifacts.api.environment, ...quiet };
  return {
    work,
    api: await build("api", artifacts.api, apiEnv),
    apiExplicit: await build("api-explicit", artifacts.api, apiEnv, {
      ...defaultProperties(),
      plugins: "bench/setup/explicit-context-plugins.ts",
    }),
    floor: await build("floor", floorSpecs.floor, { DATABASE_URL: database.url }),
    hello: await build("hello", floorSpecs.hello, {}),
  };
}
