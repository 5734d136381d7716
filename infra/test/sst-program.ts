/**
 * The part of an SST evaluation that runs inside the evaluated program's own Node process (see
 * sst.ts): bundled into it, with the same `@pulumi/pulumi` as SST's components. It stands in for
 * the Pulumi engine: `runtime.setMocks` answers resource registrations and provider calls, and a
 * wrapper around the mock resource monitor records every registration with its options (parent,
 * dependsOn, retainOnDelete, protect), which never reach the mocks themselves.
 */
import { writeFileSync } from "node:fs";

/** What this file uses of `@pulumi/pulumi`'s `runtime` (passed in: it is resolved from .sst/platform). */
export interface PulumiRuntime {
  setMocks(mocks: Mocks, project?: string, stack?: string, preview?: boolean): Promise<void>;
  getMonitor(): unknown;
  runInPulumiStack(init: () => Promise<unknown>): Promise<unknown>;
  /** @internal in Pulumi: resolves once no resource registration is in flight. */
  waitForRPCs(): Promise<void>;
  deserializeProperties(struct: unknown): Record<string, unknown>;
}

interface Mocks {
  newResource(args: { type: string; name: string; inputs: Record<string, unknown>; custom?: boolean }): {
    id: string | undefined;
    state: Record<string, unknown>;
  };
  call(args: { token: string; inputs: Record<string, unknown> }): Record<string, unknown>;
}

interface Request {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): unknown;
  getDependenciesList(): string[];
  getRetainondelete(): boolean | undefined;
  getProtect(): boolean | undefined;
}
interface Response {
  getUrn(): string;
  getId(): string;
  getObject(): unknown;
}
type Callback = (error: Error | null, response?: Response) => void;
interface Monitor {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(request: Request, callback: Callback): Promise<void>;
  registerResourceOutputs(request: { getUrn(): string; getOutputs(): unknown }, callback: Callback): void;
}

/** One registered resource, as the tests read it (JSON). */
export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  /** The parent's URN; the stack's for top-level resources. */
  parent: string;
  custom: boolean;
  id: string;
  inputs: Record<string, unknown>;
  /** The inputs and what the mocks filled in (arn, endpoints, …), as the program read them back. */
  state: Record<string, unknown>;
  /** The URNs this resource waits for: `dependsOn` and the resources its inputs come from. */
  dependencies: string[];
  retainOnDelete: boolean;
  protect: boolean;
  /** A component's registered outputs (SST's `_dev`, `_live`, `_metadata`, …). */
  outputs?: Record<string, unknown>;
}

export interface ProgramResult {
  resources: RecordedResource[];
  calls: { token: string; inputs: Record<string, unknown> }[];
  outputs: Record<string, unknown>;
  error?: string;
}

const account = "123456789012";
const region = "eu-west-1";

/** Provider functions SST's components and this app call (getRegion, getCallerIdentity, …). */
function call(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (token) {
    case "aws:index/getRegion:getRegion":
      return { id: region, name: region, region, endpoint: `ec2.${region}.amazonaws.com` };
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { id: account, accountId: account, arn: `arn:aws:iam::${account}:user/test`, userId: "TEST" };
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return {
        id: region,
        names: ["a", "b", "c"].map((zone) => `${region}${zone}`),
        zoneIds: ["1", "2", "3"].map((zone) => `euw1-az${zone}`),
      };
    case "aws:ec2/getAmi:getAmi":
      return { id: "ami-0123456789abcdef0", architecture: "arm64" };
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      return {
        id: "policy",
        json: JSON.stringify({ Version: "2012-10-17", Statement: inputs.statements ?? [] }),
      };
    default:
      return {};
  }
}

/** What AWS would fill in after creating a resource, for the attributes SST reads back. */
function created(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const arn = `arn:aws:${type.split(":")[1]?.split("/")[0]}:${region}:${account}:${name}`;
  const base = { arn, name: inputs.name ?? `${name}-name` };
  switch (type) {
    case "aws:apigatewayv2/api:Api":
      return {
        ...base,
        apiEndpoint: `https://${name.toLowerCase()}.execute-api.${region}.amazonaws.com`,
        executionArn: arn,
      };
    case "aws:lambda/function:Function":
      return { ...base, invokeArn: `${arn}/invocations`, qualifiedArn: `${arn}:$LATEST` };
    case "aws:cognito/userPool:UserPool":
      return { ...base, endpoint: `cognito-idp.${region}.amazonaws.com/${name}-id` };
    case "aws:cloudfront/distribution:Distribution":
      return { ...base, domainName: `${name.toLowerCase()}.cloudfront.net`, hostedZoneId: "Z2FDTNDATAQYW2" };
    case "aws:rds/instance:Instance":
      return {
        ...base,
        address: `${name.toLowerCase()}.rds.amazonaws.com`,
        port: 5432,
        endpoint: "rds:5432",
      };
    case "aws:rds/proxy:Proxy":
      return { ...base, endpoint: `${name.toLowerCase()}.proxy.rds.amazonaws.com` };
    // Random values SST generates: the database password, the functions' SST_KEY.
    case "random:index/randomPassword:RandomPassword":
    case "random:index/randomString:RandomString":
      return { result: `${name}-random` };
    case "random:index/randomBytes:RandomBytes":
      return { base64: Buffer.alloc(Number(inputs.length ?? 32), name).toString("base64") };
    default:
      return base;
  }
}

/** A JSON-safe copy: resources and other class instances become their URN or a marker. */
function plain(value: unknown, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== "object") return typeof value === "function" ? "[function]" : value;
  if (seen.has(value)) return "[cycle]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => plain(item, seen));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    return "urn" in value ? "[resource]" : `[${prototype?.constructor?.name ?? "object"}]`;
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item, seen)]));
}

/**
 * Runs SST's `run` (the platform's auto/run.ts around sst.config.ts's run()) inside Pulumi's
 * root stack under mocks, and writes what it created to `resultFile`.
 */
export async function evaluateProgram(
  runtime: PulumiRuntime,
  program: () => Promise<unknown>,
  options: { project: string; stack: string; resultFile: string },
): Promise<void> {
  const result: ProgramResult = { resources: [], calls: [], outputs: {} };
  const registered = new Map<string, RecordedResource>();
  const unhandled: unknown[] = [];
  process.on("unhandledRejection", (reason) => unhandled.push(reason));
  // Node would exit with 13 (an unsettled top-level await) when a failed RPC or provider call
  // leaves the program waiting forever: say so instead.
  process.on("beforeExit", () => {
    console.error("The program never finished: something it waits for failed (see the RPC errors).");
    process.exit(1);
  });

  await runtime.setMocks(
    {
      newResource: ({ type, name, inputs, custom }) => ({
        id: custom ? `${name}-id` : undefined,
        state: custom ? { ...created(type, name, inputs), ...inputs } : inputs,
      }),
      call: ({ token, inputs }) => {
        result.calls.push({ token, inputs: plain(inputs) as Record<string, unknown> });
        return call(token, inputs);
      },
    },
    options.project,
    options.stack,
    false,
  );

  const monitor = runtime.getMonitor() as Monitor;
  // The engine leaves the root stack out of its children's URNs (urn:…::sst:aws:Postgres::Database);
  // the mock monitor does not, and SST derives link types from URNs.
  const newUrn = monitor.newUrn.bind(monitor);
  monitor.newUrn = (parent, type, name) =>
    newUrn(parent?.includes("::pulumi:pulumi:Stack::") ? "" : parent, type, name);
  const registerResource = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) =>
    registerResource(request, (error, response) => {
      if (response) {
        const urn = response.getUrn();
        registered.set(urn, {
          urn,
          type: request.getType(),
          name: request.getName(),
          parent: request.getParent(),
          custom: request.getCustom(),
          id: response.getId(),
          inputs: plain(runtime.deserializeProperties(request.getObject())) as Record<string, unknown>,
          state: plain(runtime.deserializeProperties(response.getObject())) as Record<string, unknown>,
          dependencies: request.getDependenciesList(),
          retainOnDelete: request.getRetainondelete() ?? false,
          protect: request.getProtect() ?? false,
        });
      }
      callback(error, response);
    });
  const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (request, callback) => {
    const resource = registered.get(request.getUrn());
    if (resource) {
      resource.outputs = plain(runtime.deserializeProperties(request.getOutputs())) as Record<
        string,
        unknown
      >;
    }
    registerResourceOutputs(request, callback);
  };

  try {
    result.outputs = plain(await runtime.runInPulumiStack(program)) as Record<string, unknown>;
    // Resources created inside `apply` callbacks may still be registering.
    await runtime.waitForRPCs();
  } catch (error) {
    unhandled.push(error);
  }
  if (unhandled.length > 0) {
    result.error = unhandled
      .map((error) => (error instanceof Error ? error.stack : String(error)))
      .join("\n");
  }
  result.resources = [...registered.values()];
  writeFileSync(options.resultFile, JSON.stringify(result));
}
