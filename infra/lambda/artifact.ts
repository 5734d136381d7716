/**
 * Builds Lambda artifacts the way SST does, without SST's CLI: what `sst deploy` would upload
 * for a Node.js function, as a directory (Lambda's /var/task) instead of a zip.
 *
 * It follows SST's sources step by step (anomalyco/sst, the Go CLI and the platform that
 * `sst install` writes to .sst/platform):
 * - `sstBuild` is the CLI's answer to the platform's `Runtime.Build` RPC: pkg/runtime/runtime.go
 *   (`Collection.Build`: a clean output directory, then the runtime, then `resource.enc`) and
 *   pkg/runtime/node/build.go (`Runtime.Build`: the esbuild options).
 * - `lambdaTask` lays out what function.ts's `createZipAsset` zips: the build output without its
 *   source maps, plus `copyFiles`.
 * - `artifacts` / `buildArtifact`: this app's functions, as infra/*.ts declare them, with the
 *   defaults sst.config.ts applies (function-defaults.ts). The SST graph tests check that
 *   the `Runtime.Build` requests of a real evaluation match them.
 *
 * Used by the artifact tests (packages/functions/test/artifact.test.ts), the graph tests' RPC
 * stub (infra/test/) and `npm run bench`.
 */
import { execFile, execFileSync } from "node:child_process";
import { createCipheriv } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BuildOptions, build, type Loader, type Metafile, type Plugin } from "esbuild";
import { functionDefaults } from "./function-defaults";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** The `nodejs` properties SST sends to its builder (NodeProperties in pkg/runtime/node/node.go). */
export interface NodeProperties {
  loader?: Record<string, string>;
  install?: string[] | Record<string, string>;
  banner?: string;
  esbuild?: {
    target?: string;
    sourcemap?: boolean | string;
    keepNames?: boolean;
    define?: Record<string, string>;
    external?: string[];
    nodePaths?: string[];
    mainFields?: string[];
    conditions?: string[];
  };
  minify?: boolean;
  format?: "esm" | "cjs";
  sourcemap?: boolean;
  splitting?: boolean;
  plugins?: string;
  architecture?: string;
}

export interface CopyFile {
  from: string;
  to?: string;
}

/** The argument of `Runtime.Build` (BuildInput in pkg/runtime/runtime.go; function.ts `buildInput`). */
export interface BuildInput {
  functionID: string;
  handler: string;
  runtime: string;
  properties: NodeProperties;
  links?: Record<string, unknown>;
  encryptionKey?: string;
  copyFiles?: CopyFile[];
  dev?: boolean;
}

/** The answer of `Runtime.Build` (BuildOutput in pkg/runtime/runtime.go). */
export interface BuildOutput {
  out: string;
  handler: string;
  errors: string[];
  sourcemaps: string[];
}

/** build.go `targetMap`: the syntax target for each Lambda runtime. */
const targetByRuntime: Record<string, string> = {
  "nodejs24.x": "es2024",
  "nodejs22.x": "es2023",
  "nodejs20.x": "es2023",
  "nodejs18.x": "es2022",
};

/** node.go `esTargetMap` (where es6 means es2015) and `esSourcemapMap`. */
const esTargets = [
  "esnext",
  "es5",
  "es2015",
  "es2016",
  "es2017",
  "es2018",
  "es2019",
  "es2020",
  "es2021",
  "es2022",
  "es2023",
];
const sourcemapKinds = ["inline", "linked", "external", "both"] as const;

/** build.go `forceExternal`: never bundled; installed into the artifact when imported. */
const forceExternal = ["sharp", "pg-native"];

/** build.go: the banner of every ESM bundle, so that bundled CommonJS finds require and __dirname. */
const esmBanner = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __filename = topLevelFileUrlToPath(import.meta.url)`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
];

const installPackages = (install: NodeProperties["install"]) =>
  Array.isArray(install) ? install : Object.keys(install ?? {});

/** build.go's `sst-version-check` plugin: the `sst` package bundled must be the CLI's version. */
function sstVersionCheck(cliVersion: string): Plugin {
  return {
    name: "sst-version-check",
    setup(b) {
      b.onResolve({ filter: /^sst$/ }, async (args) => {
        if (args.pluginData === "sst-version-check") return undefined;
        const found = await b.resolve("sst", {
          resolveDir: args.resolveDir,
          importer: args.importer,
          kind: args.kind,
          pluginData: "sst-version-check",
        });
        if (!found.path) return undefined;
        let dir = dirname(found.path);
        while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
        const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
          version: string;
        };
        if (version !== cliVersion) {
          return {
            errors: [{ text: `The sst package (${version}) does not match the sst CLI (${cliVersion}).` }],
          };
        }
        return { path: found.path };
      });
    },
  };
}

/** The CLI's version: the `sst` package from npm is the CLI. */
const cliVersion = () =>
  (JSON.parse(readFileSync(join(repoRoot, "node_modules/sst/package.json"), "utf8")) as { version: string })
    .version;

/**
 * The esbuild options of build.go's `Runtime.Build` for one function. `root` is the app's root
 * (SST resolves the handler and the plugins file from it); `outfile` is `<out>/bundle.mjs`.
 */
export async function sstEsbuildOptions(
  input: Pick<BuildInput, "handler" | "runtime" | "properties" | "dev">,
  options: { root: string; outfile: string },
): Promise<BuildOptions> {
  const properties = input.properties;
  const esm = properties.format !== "cjs";
  // node.go `getFile`: the handler "dir/file.fn" names dir/file with a Node.js extension.
  const base = input.handler.slice(0, -extname(input.handler).length);
  const entry = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]
    .map((extension) => join(options.root, base + extension))
    .find((file) => existsSync(file));
  if (!entry) throw new Error(`Handler not found: ${input.handler}`);
  // build.go runs the plugins file in a Node process (functions/nodejs-runtime/plugin.mjs), which
  // imports it and uses its default export; importing it here gives esbuild the same plugins.
  const plugins: Plugin[] = [sstVersionCheck(cliVersion())];
  if (properties.plugins) {
    const module = (await import(pathToFileURL(join(options.root, properties.plugins)).href)) as {
      default: Plugin[];
    };
    plugins.push(...module.default);
  }
  const es = properties.esbuild ?? {};
  const minify = !input.dev && properties.minify === true;
  return {
    entryPoints: [entry],
    platform: "node",
    // build.go: forceExternal, then `install`, then `esbuild.external`.
    external: [...forceExternal, ...installPackages(properties.install), ...(es.external ?? [])],
    loader: properties.loader as Record<string, Loader> | undefined,
    keepNames: es.keepNames ?? true,
    bundle: true,
    splitting: properties.splitting ?? false,
    metafile: true,
    plugins,
    // A linked source map unless esbuild.sourcemap says otherwise (node.go `ResolveSourcemap`);
    // function.ts leaves maps out of the zip unless `sourcemap` is set.
    sourcemap:
      typeof es.sourcemap === "string"
        ? (sourcemapKinds.find((kind) => kind === String(es.sourcemap).toLowerCase()) ?? "linked")
        : es.sourcemap !== false && "linked",
    write: true,
    format: esm ? "esm" : "cjs",
    // node.go `ResolveTarget`: esbuild.target if SST knows it (es5 … es2023, esnext), else the runtime's.
    target:
      esTargets.find((target) => target === es.target?.toLowerCase().replace(/^es6$/, "es2015")) ??
      targetByRuntime[input.runtime],
    mainFields: es.mainFields?.length ? es.mainFields : esm ? ["module", "main"] : ["main"],
    ...(es.conditions?.length ? { conditions: es.conditions } : {}),
    banner: { js: esm ? [...esmBanner, properties.banner ?? ""].join("\n") : (properties.banner ?? "") },
    ...(es.nodePaths ? { nodePaths: es.nodePaths } : {}),
    ...(es.define ? { define: es.define } : {}),
    // With splitting, chunks sit beside bundle.mjs; SST names the entry "bundle" either way.
    ...(properties.splitting
      ? { outdir: dirname(options.outfile), outExtension: { ".js": ".mjs" }, entryNames: "bundle" }
      : { outfile: options.outfile }),
    // `minify` only when asked for, and never under `sst dev`.
    minifyWhitespace: minify,
    minifySyntax: minify,
    minifyIdentifiers: minify,
    logLevel: "silent",
  };
}

/** What sst.aws.Postgres links (its getSSTLink properties) for the database at `url`. */
export function postgresLink(url: string) {
  const parsed = new URL(url);
  return {
    type: "sst.aws.Postgres",
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)),
  };
}

/** SST's variables on every function (function.ts): the app, and the key of resource.enc. */
export const sstEnvironment = (stage: string, key: string) => ({
  SST_RESOURCE_App: JSON.stringify({ name: "promotions", stage }),
  SST_KEY: key,
  SST_KEY_FILE: "resource.enc",
});

/** runtime.go: the links, sealed with AES-256-GCM under the function's SST_KEY, zero nonce. */
export function writeResourceFile(out: string, links: Record<string, unknown>, key: string) {
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(key, "base64"), Buffer.alloc(12));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(links)), cipher.final(), cipher.getAuthTag()]);
  writeFileSync(join(out, "resource.enc"), sealed);
}

/**
 * What SST's CLI does for `Runtime.Build` on a deploy: builds into `out` (SST's is
 * `.sst/artifacts/<functionID>-src`), installs `install` packages, writes `resource.enc`.
 */
export async function sstBuild(
  input: BuildInput,
  options: { root: string; out: string },
): Promise<BuildOutput & { inputs: string[] }> {
  const { out } = options;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const esm = input.properties.format !== "cjs";
  const buildOptions = await sstEsbuildOptions(input, {
    root: options.root,
    outfile: join(out, esm ? "bundle.mjs" : "bundle.cjs"),
  });
  const result = await build(buildOptions).catch((error: { errors?: { text: string }[] }) => ({
    errors: error.errors ?? [{ text: String(error) }],
    metafile: { inputs: {}, outputs: {} } as Metafile,
  }));
  const errors = result.errors.map((error) => error.text);
  const sourcemaps =
    input.properties.sourcemap === undefined
      ? Object.keys(result.metafile?.outputs ?? {})
          .filter((file) => file.endsWith(".map"))
          .map((file) => resolve(file))
      : [];

  // build.go: `install` packages, and forceExternal ones the code imports, go into node_modules.
  const install = installPackages(input.properties.install);
  for (const meta of Object.values(result.metafile?.inputs ?? {})) {
    for (const imported of meta.imports) {
      if (imported.external && forceExternal.includes(imported.path) && !install.includes(imported.path)) {
        install.push(imported.path);
      }
    }
  }
  if (errors.length === 0 && install.length > 0 && !input.dev) {
    const versions = Array.isArray(input.properties.install) ? {} : (input.properties.install ?? {});
    const dependencies = Object.fromEntries(install.map((name) => [name, versions[name] || "*"]));
    writeFileSync(join(out, "package.json"), JSON.stringify({ dependencies }));
    const arch = input.properties.architecture === "arm64" ? "arm64" : "x64";
    execFileSync(
      "npm",
      ["install", "--force", "--platform=linux", "--os=linux", `--arch=${arch}`, `--cpu=${arch}`],
      { cwd: out, stdio: "ignore" },
    );
  }

  if (input.encryptionKey) writeResourceFile(out, input.links ?? {}, input.encryptionKey);
  const handlerName = extname(input.handler);
  // `inputs` (not part of SST's answer): the files the bundle was built from, for caches.
  // Plugins' virtual modules ("namespace:path") are not files.
  const inputs = Object.keys(result.metafile?.inputs ?? {})
    .filter((file) => !/^[\w-]+:/.test(file))
    .map((file) => resolve(file));
  return { out, handler: `bundle${handlerName}`, errors, sourcemaps, inputs };
}

/**
 * function.ts `createZipAsset`: the files Lambda unpacks into /var/task — the build output
 * without its source maps, then each of `copyFiles` (paths relative to the app's root).
 */
export function lambdaTask(
  built: BuildOutput,
  copyFiles: CopyFile[],
  options: { root: string; task: string },
) {
  mkdirSync(options.task, { recursive: true });
  const maps = new Set(built.sourcemaps.map((file) => relative(built.out, file)));
  for (const entry of readdirSync(built.out, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = relative(built.out, join(entry.parentPath, entry.name));
    if (maps.has(file)) continue;
    mkdirSync(dirname(join(options.task, file)), { recursive: true });
    cpSync(join(built.out, file), join(options.task, file));
  }
  for (const copy of copyFiles) {
    cpSync(join(options.root, copy.from), join(options.task, copy.to ?? copy.from), { recursive: true });
  }
}

/** One of this app's functions as infra/*.ts declares it (what the artifact depends on). */
export interface ArtifactSpec {
  functionID: string;
  handler: string;
  copyFiles: CopyFile[];
  /** The variables infra sets that the code needs to start (the rest are log levels and the like). */
  environment: Record<string, string>;
  /** The function's memory in MB, as infra declares it: Lambda sizes Node's heap from it. */
  memoryMb: number;
}

export const artifacts = {
  api: {
    functionID: "ApiFunction",
    handler: "packages/functions/src/api.handler",
    // The OpenAPI document, generated at build time and read by /openapi.json beside the bundle.
    copyFiles: [{ from: "packages/functions/src/api/openapi.json", to: "openapi.json" }],
    environment: {},
    memoryMb: 1024,
  },
  migrator: {
    functionID: "Migrator",
    handler: "packages/functions/src/migrator.handler",
    copyFiles: [{ from: "packages/core/migrations", to: "migrations" }],
    environment: { MIGRATIONS_DIR: "migrations" },
    memoryMb: 512,
  },
} as const satisfies Record<string, ArtifactSpec>;

/** The `Runtime.Build` properties every function of this app gets (sst.config.ts's $transform). */
export const defaultProperties = (): NodeProperties => ({
  ...functionDefaults.nodejs,
  esbuild: {
    ...functionDefaults.nodejs.esbuild,
    mainFields: [...functionDefaults.nodejs.esbuild.mainFields],
  },
  architecture: functionDefaults.architecture,
});

/**
 * Builds one of this app's functions as `sst deploy` would and lays it out in `task` (which should
 * be an empty directory outside the repository, as /var/task is). `links` and `key` become
 * `resource.enc` and the SST_KEY the function is given.
 */
export async function buildArtifact(
  spec: ArtifactSpec,
  options: {
    task: string;
    out?: string;
    links?: Record<string, unknown>;
    key?: string;
    properties?: NodeProperties;
  },
) {
  const out = options.out ?? join(options.task, "..", `${spec.functionID}-src`);
  const built = await sstBuild(
    {
      functionID: spec.functionID,
      handler: spec.handler,
      runtime: functionDefaults.runtime,
      properties: options.properties ?? defaultProperties(),
      links: options.links ?? {},
      ...(options.key ? { encryptionKey: options.key } : {}),
      copyFiles: [...spec.copyFiles],
    },
    { root: repoRoot, out },
  );
  if (built.errors.length > 0) throw new Error(`esbuild failed:\n${built.errors.join("\n")}`);
  lambdaTask(built, [...spec.copyFiles], { root: repoRoot, task: options.task });
  return built;
}

/**
 * The variables Lambda's Node.js runtime starts a function with, and nothing from this process
 * (no DATABASE_URL, NODE_PATH or NODE_OPTIONS leaking in); the function's own go on top.
 */
export const lambdaEnvironment = (functionName: string, task: string, handler: string, memoryMb: number) => ({
  PATH: "/usr/local/bin:/usr/bin:/bin",
  TZ: ":UTC",
  LANG: "en_US.UTF-8",
  AWS_REGION: "eu-west-1",
  AWS_LAMBDA_FUNCTION_NAME: functionName,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
  LAMBDA_TASK_ROOT: task,
  _HANDLER: handler,
});

/**
 * The flags the Node.js runtime's bootstrap (/var/runtime/bootstrap) starts `node` with: the
 * collector exposed, headers up to 80 KiB, and the heap sized from the function's memory (a tenth
 * for the young generation, halved per semi-space; the rest for the old generation). They matter
 * to a cold start: `--expose-gc` changes V8's flag hash, so Node's embedded code cache of its own
 * modules no longer matches and every cold start in Lambda compiles them from source.
 */
export function lambdaNodeFlags(memoryMb: number): string[] {
  const young = Math.floor(memoryMb / 10);
  return [
    "--expose-gc",
    "--max-http-header-size",
    "81920",
    `--max-semi-space-size=${Math.floor(young / 2)}`,
    `--max-old-space-size=${memoryMb - young}`,
  ];
}

/**
 * Lambda's part, for tests: starts Node in `task` as the runtime does (its flags for `memoryMb`,
 * the API's unless told; the handler's file from the task root, nothing else on the module path),
 * invokes the handler once per event in the same process (a warm container) and returns the
 * results. A failure to start or a thrown error rejects with the process's stderr.
 */
export function invokeArtifact(
  task: string,
  handler: string,
  events: unknown[],
  options: { node?: string; env?: Record<string, string>; functionName?: string; memoryMb?: number } = {},
): Promise<unknown[]> {
  const runtime = `
    import { existsSync } from "node:fs";
    import { pathToFileURL } from "node:url";
    const handler = process.env._HANDLER;
    const dot = handler.lastIndexOf(".");
    const base = process.env.LAMBDA_TASK_ROOT + "/" + handler.slice(0, dot);
    const file = [".js", ".mjs", ".cjs"].map((ext) => base + ext).find((path) => existsSync(path));
    const module = await import(pathToFileURL(file).href);
    const events = JSON.parse(await new Response(process.stdin).text());
    const results = [];
    for (const [n, event] of events.entries()) {
      const deadline = Date.now() + 30_000;
      results.push(await module[handler.slice(dot + 1)](event, {
        awsRequestId: "artifact-test-" + n,
        functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
        functionVersion: "$LATEST",
        invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:" + process.env.AWS_LAMBDA_FUNCTION_NAME,
        memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
        logGroupName: "/aws/lambda/" + process.env.AWS_LAMBDA_FUNCTION_NAME,
        logStreamName: "artifact-test",
        callbackWaitsForEmptyEventLoop: true,
        getRemainingTimeInMillis: () => deadline - Date.now(),
      }));
    }
    process.stdout.write(JSON.stringify(results));
    process.exit(0);
  `;
  const functionName = options.functionName ?? "artifact";
  const memoryMb = options.memoryMb ?? artifacts.api.memoryMb;
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      options.node ?? process.execPath,
      [...lambdaNodeFlags(memoryMb), "--input-type=module", "--eval", runtime],
      {
        cwd: task,
        env: { ...lambdaEnvironment(functionName, task, handler, memoryMb), ...options.env },
        maxBuffer: 64 * 2 ** 20,
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${functionName} failed (${error.code ?? error.signal}):\n${stderr}`));
        else resolvePromise(JSON.parse(stdout) as unknown[]);
      },
    );
    child.stdin?.end(JSON.stringify(events));
  });
}
