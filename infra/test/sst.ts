/**
 * Evaluates sst.config.ts the way SST's CLI does, with SST's real platform components from
 * .sst/platform (written by `npm run sst:install`) and no AWS: Pulumi's mocks stand in for the
 * engine (sst-program.ts), and a local HTTP server answers the CLI's RPC.
 *
 * What the CLI does, and where it is in SST's sources (anomalyco/sst):
 * - pkg/project/project.go evaluates `app({ stage })` in a small bundle whose banner defines
 *   `$config` as the identity, and fills in defaults (removal "retain", the home provider);
 * - pkg/project/run.go bundles the program with pkg/js/js.go's esbuild options: `$app`, `$cli`
 *   and `$dev` as `define`s, the platform's src/shim/run.js `inject`ed (the `$` helpers), and
 *   `import * as aws from "@pulumi/aws"` / `import * as sst from "<platform>/src/components"`
 *   prepended to every file of the app outside .sst. The bundle is written into .sst/platform so
 *   that its externals (`@pulumi/*`, …) resolve from the platform's node_modules;
 * - Pulumi's Node language host runs the bundle inside its root stack (`runInPulumiStack`), with
 *   SST_SERVER (the CLI's RPC address) and PULUMI_CONFIG (the provider's region) set.
 *
 * Each evaluation runs in a copy of the app in a temporary directory (it writes .sst/artifacts,
 * packages/web/src/sst-env.d.ts, and needs packages/web/dist), in a Node process of its own.
 */
import { execFile, execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import { type BuildInput, type BuildOutput, repoRoot, sstBuild, writeResourceFile } from "../lambda/artifact";
import type { ProgramResult, RecordedResource } from "./sst-program";

export interface Situation {
  stage: string;
  /** `sst dev` rather than `sst deploy`. */
  dev: boolean;
}

/** A change to one file of the app's copy, for tests that show a check can fail. */
export interface Edit {
  file: string;
  /** Text that must occur in the file (else the evaluation throws: the edit went stale). */
  replace: string;
  with: string;
}

export interface RpcCall {
  method: string;
  params: Record<string, unknown>;
  /** The error the CLI would have answered with. */
  error?: string;
}

export interface Evaluation extends ProgramResult {
  situation: Situation;
  /** Where the app's copy was (removed afterwards): `$cli.paths.root`. */
  root: string;
  /** Files the evaluation added to the app outside .sst: what `sst dev` or a deploy leaves in a work tree. */
  written: string[];
  /** Every call the program made to the CLI, in order. */
  rpc: RpcCall[];
  /** What `Runtime.Build` answered, per function. */
  builds: Record<string, BuildOutput>;
  /** Wall-clock time of the whole evaluation, in ms. */
  ms: number;
}

const platform = join(repoRoot, ".sst/platform");

/** The app in a temporary directory: the work tree's files, node_modules linked, .sst/platform linked. */
function copyApp(edits: Edit[]): { root: string; files: string[] } {
  const root = mkdtempSync(join(tmpdir(), "promotions-sst-"));
  // The work tree as git sees it (tracked and new files, nothing ignored); safe.directory for CI
  // containers, whose checkout belongs to another user.
  const files = execFileSync(
    "git",
    ["-c", "safe.directory=*", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
    { cwd: repoRoot, encoding: "utf8" },
  )
    .split("\0")
    .filter((file) => file && existsSync(join(repoRoot, file)));
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(root, file));
  }
  for (const dir of [".", ...readdirSync(join(repoRoot, "packages")).map((name) => `packages/${name}`)]) {
    if (existsSync(join(repoRoot, dir, "node_modules"))) {
      symlinkSync(join(repoRoot, dir, "node_modules"), join(root, dir, "node_modules"));
    }
  }
  // A directory of its own (the CLI writes its bundle there) whose entries are the platform's.
  mkdirSync(join(root, ".sst/platform"), { recursive: true });
  for (const entry of readdirSync(platform)) {
    symlinkSync(join(platform, entry), join(root, ".sst/platform", entry));
  }
  for (const edit of edits) {
    const text = readFileSync(join(root, edit.file), "utf8");
    if (!text.includes(edit.replace))
      throw new Error(`${edit.file} no longer contains ${JSON.stringify(edit.replace)}`);
    writeFileSync(join(root, edit.file), text.replace(edit.replace, edit.with));
  }
  // `npm run build`'s output: SST runs the build in a Command resource, which the mocks do not run.
  mkdirSync(join(root, "packages/web/dist"), { recursive: true });
  writeFileSync(join(root, "packages/web/dist/index.html"), "<!doctype html><title>Promotions</title>");
  return { root, files: [...files, "packages/web/dist/index.html"] };
}

/** Files in the app's copy that it did not start with, outside .sst (where SST writes). */
function written(root: string, files: string[]): string[] {
  const known = new Set(files);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      // Not into the linked node_modules and .sst/platform, nor .sst (SST's own).
      if (entry.isDirectory() && path !== ".sst") walk(path);
      else if (entry.isFile() && !known.has(path)) found.push(path);
    }
  };
  walk("");
  return found.sort();
}

/** project.go: `app({ stage })`, with the defaults the CLI fills in. */
async function evaluateApp(root: string, stage: string): Promise<Record<string, unknown>> {
  const outfile = join(root, ".sst", `app.${randomBytes(4).toString("hex")}.mjs`);
  await build({
    stdin: {
      contents: `import mod from ${JSON.stringify(join(root, "sst.config.ts"))}; export default mod;`,
      resolveDir: root,
      sourcefile: "eval.ts",
      loader: "ts",
    },
    banner: { js: "function $config(input) { return input }" },
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    logLevel: "silent",
  });
  const mod = (await import(pathToFileURL(outfile).href)) as {
    default: { app(input: { stage: string }): Record<string, unknown> | Promise<Record<string, unknown>> };
  };
  const app: Record<string, unknown> = { ...(await mod.default.app({ stage })), stage };
  const providers = { ...((app.providers as Record<string, unknown>) ?? {}) };
  for (const [name, value] of Object.entries(providers)) {
    if (typeof value === "string") providers[name] = { version: value };
  }
  if (typeof app.home === "string" && app.home !== "local") providers[app.home] ??= {};
  return { ...app, providers, removal: app.removal ?? "retain", protect: app.protect ?? false };
}

/** js.go `InjectGlobals`: the provider and `sst` imports, prepended to each app file outside .sst. */
function injectGlobals(globals: string): Plugin {
  return {
    name: "InjectGlobals",
    setup(b) {
      b.onLoad({ filter: /\.(js|ts|jsx|tsx)$/ }, (args) => {
        // js.go leaves the platform (<root>/.sst) and any path containing ".sst" as it is.
        if (args.path.includes(".sst")) return undefined;
        return { contents: `${globals}\n${readFileSync(args.path, "utf8")}`, loader: "default" };
      });
    },
  };
}

/**
 * Builds shared by the evaluations of one test run. Evaluations differ in links and keys, rarely
 * in code: a build is reused when the same function, with the same options, would bundle files
 * of the same content (esbuild is deterministic); only its resource.enc is written anew.
 */
const buildCache = new Map<
  string,
  Promise<{ dir: string; output: BuildOutput; inputs: Record<string, string> }>
>();
let cacheDir: string | undefined;

/** Removes the builds kept for later evaluations (call once the test file is done). */
export function forgetBuilds() {
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  cacheDir = undefined;
  buildCache.clear();
}

const digest = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

async function cachedBuild(input: BuildInput, root: string, out: string): Promise<BuildOutput> {
  const key = JSON.stringify([input.functionID, input.handler, input.runtime, input.properties, input.dev]);
  let entry = buildCache.get(key);
  if (!entry) {
    entry = (async () => {
      const { inputs, ...output } = await sstBuild(input, { root, out });
      cacheDir ??= mkdtempSync(join(tmpdir(), "promotions-sst-builds-"));
      const dir = join(cacheDir, randomBytes(4).toString("hex"));
      cpSync(out, dir, { recursive: true });
      // The app's own files, relative to its root (each copy has its own); node_modules is the
      // same directory, linked into every copy.
      const own = inputs.filter((file) => file.startsWith(`${root}/`));
      return {
        dir,
        output,
        inputs: Object.fromEntries(own.map((file) => [file.slice(root.length + 1), digest(file)])),
      };
    })();
    buildCache.set(key, entry);
    return { ...(await entry).output, out };
  }
  const cached = await entry;
  const same = Object.entries(cached.inputs).every(
    ([file, hash]) => existsSync(join(root, file)) && digest(join(root, file)) === hash,
  );
  if (process.env.SST_EVAL_DEBUG) console.error("cache", input.functionID, same ? "hit" : "miss");
  if (!same) {
    const { inputs: _, ...output } = await sstBuild(input, { root, out });
    return output;
  }
  rmSync(out, { recursive: true, force: true });
  cpSync(cached.dir, out, { recursive: true });
  if (input.encryptionKey) writeResourceFile(out, input.links ?? {}, input.encryptionKey);
  return {
    ...cached.output,
    out,
    sourcemaps: cached.output.sourcemaps.map((file) => join(out, file.slice(cached.output.out.length))),
  };
}

/** The CLI's RPC server (pkg/server), for what this app's components ask of it. */
async function startRpc(root: string, dev: boolean) {
  const rpc: RpcCall[] = [];
  const builds: Record<string, BuildOutput> = {};
  const answer = async (method: string, params: Record<string, unknown>): Promise<unknown> => {
    switch (method) {
      // The bootstrap bucket and AppSync endpoints the CLI keeps per region.
      case "Provider.Aws.Bootstrap":
        return {
          asset: "sst-asset-test",
          assetEcrRegistryId: "123456789012",
          assetEcrUrl: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/sst-asset",
          state: "sst-state-test",
          appsyncHttp: "test.appsync-api.eu-west-1.amazonaws.com",
          appsyncRealtime: "test.appsync-realtime-api.eu-west-1.amazonaws.com",
        };
      case "Provider.Aws.Appsync":
        return {
          http: "test.appsync-api.eu-west-1.amazonaws.com",
          realtime: "test.appsync-realtime-api.eu-west-1.amazonaws.com",
        };
      // `sst dev` registers each function to run locally; nothing to build yet.
      case "Runtime.AddTarget":
        return null;
      case "Runtime.Build": {
        const input = params as unknown as BuildInput;
        const suffix = dev ? "-dev" : "-src";
        const output = await cachedBuild(
          input,
          root,
          join(root, ".sst/artifacts", input.functionID + suffix),
        );
        builds[input.functionID] = output;
        return output;
      }
      default:
        throw new Error(`rpc: can't find method ${method}`);
    }
  };
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", async () => {
      const { method, params } = JSON.parse(body) as { method: string; params: [Record<string, unknown>] };
      const call: RpcCall = { method, params: params[0] };
      rpc.push(call);
      try {
        response.end(JSON.stringify({ result: await answer(method, params[0]), error: null }));
      } catch (error) {
        call.error = (error as Error).stack ?? String(error);
        response.end(JSON.stringify({ result: null, error: (error as Error).message }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, rpc, builds, close: () => server.close() };
}

/** Evaluates sst.config.ts for one stage, as `sst dev` or `sst deploy` would. */
export async function evaluate(situation: Situation, edits: Edit[] = []): Promise<Evaluation> {
  const started = performance.now();
  const { root, files } = copyApp(edits);
  const server = await startRpc(root, situation.dev);
  try {
    const app = await evaluateApp(root, situation.stage);
    const cli = {
      command: situation.dev ? "dev" : "deploy",
      dev: situation.dev,
      paths: {
        home: join(root, ".sst/home"),
        root,
        work: join(root, ".sst"),
        platform: join(root, ".sst/platform"),
      },
      state: { version: {} },
    };
    const lock = JSON.parse(readFileSync(join(repoRoot, ".sst/provider-lock.json"), "utf8")) as {
      alias: string;
      package: string;
    }[];
    const globals = [
      ...lock.map((entry) => `import * as ${entry.alias} from "${entry.package}";`),
      `import * as sst from "${join(root, ".sst/platform/src/components")}";`,
    ].join("\n");

    const outfile = join(root, ".sst/platform", `sst.config.${Date.now()}.mjs`);
    const resultFile = join(root, ".sst/result.json");
    await build({
      // js.go
      banner: {
        js: [
          `import { createRequire as topLevelCreateRequire } from 'module';`,
          `const require = topLevelCreateRequire(import.meta.url);`,
          `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
          `const __filename = topLevelFileUrlToPath(import.meta.url)`,
          `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
        ].join("\n"),
      },
      mainFields: ["module", "main"],
      format: "esm",
      platform: "node",
      sourcemap: "linked",
      stdin: {
        // run.go's entry, with this test's program runner in place of Pulumi's language host.
        contents: `
          import * as pulumi from "@pulumi/pulumi";
          import { run } from ${JSON.stringify(join(root, ".sst/platform/src/auto/run.ts"))};
          import mod from ${JSON.stringify(join(root, "sst.config.ts"))};
          import { evaluateProgram } from ${JSON.stringify(join(repoRoot, "infra/test/sst-program.ts"))};
          await evaluateProgram(pulumi.runtime, () => run(mod.run), ${JSON.stringify({
            project: app.name,
            stack: situation.stage,
            resultFile,
          })});
          process.exit(0);
        `,
        resolveDir: root,
        sourcefile: "eval.ts",
        loader: "ts",
      },
      nodePaths: [join(root, ".sst/platform/node_modules")],
      plugins: [injectGlobals(globals)],
      external: [
        "@pulumi/*",
        "undici",
        "@pulumiverse/*",
        "@sst-provider/*",
        "@aws-sdk/*",
        "esbuild",
        "archiver",
        "glob",
        "vite",
      ],
      // run.go
      define: { $app: JSON.stringify(app), $cli: JSON.stringify(cli), $dev: String(situation.dev) },
      inject: [join(root, ".sst/platform/src/shim/run.js")],
      outfile,
      write: true,
      bundle: true,
      metafile: true,
      logLevel: "silent",
    });

    const { stderr } = await new Promise<{ stderr: string }>((resolve, reject) => {
      execFile(
        process.execPath,
        [outfile],
        {
          cwd: root,
          env: {
            PATH: process.env.PATH,
            HOME: join(root, ".sst/home"),
            // The CLI adds --enable-source-maps; left out here, where it costs about a second per
            // evaluation (Pulumi captures a stack trace for every resource).
            NODE_OPTIONS: "--no-deprecation --no-warnings",
            // V8's compiled code for @pulumi/aws & co., kept between runs.
            NODE_COMPILE_CACHE: join(repoRoot, "node_modules/.cache/sst-evaluation"),
            SST_SERVER: server.url,
            SST_AWS_REGION: "eu-west-1",
            PULUMI_CONFIG: JSON.stringify({ "aws:region": "eu-west-1" }),
          },
          maxBuffer: 64 * 2 ** 20,
          timeout: 120_000,
        },
        (error, stdout, stderr) =>
          error
            ? reject(
                new Error(
                  [
                    `${error.message} (${error.code ?? error.signal})`,
                    stdout,
                    stderr,
                    ...server.rpc.filter((call) => call.error).map((call) => `${call.method}: ${call.error}`),
                  ].join("\n"),
                ),
              )
            : resolve({ stderr }),
      );
    });
    if (!existsSync(resultFile)) throw new Error(`The program wrote no result.\n${stderr}`);
    const result = JSON.parse(readFileSync(resultFile, "utf8")) as ProgramResult;
    return {
      ...result,
      situation,
      root,
      written: written(root, files),
      rpc: server.rpc,
      builds: server.builds,
      ms: Math.round(performance.now() - started),
    };
  } finally {
    server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

export type { RecordedResource };
