/**
 * sst.config.ts evaluated by SST's own components (not stand-ins) for the four situations the app
 * lives in, and read back as the AWS resources they would create. See sst.ts for how.
 */
import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeKey, routes, Scope } from "../../packages/functions/src/api/routes";
import { localConfig } from "../../packages/local/src/config";
import { artifacts, defaultProperties } from "../lambda/artifact";
import { functionDefaults } from "../lambda/function-defaults";
import {
  bridgedFunctions,
  bridgeProblems,
  migrationOrderProblems,
  publicRoutes,
  routedFunctions,
  routeProblems,
} from "./checks";
import { idleMonthlyCost } from "./cost";
import { Graph } from "./graph";
import { type Edit, evaluate, forgetBuilds, type Situation } from "./sst";

const situations = {
  dev: { stage: "ada", dev: true },
  pr: { stage: "pr-42", dev: false },
  staging: { stage: "staging", dev: false },
  production: { stage: "production", dev: false },
} satisfies Record<string, Situation>;
type Name = keyof typeof situations;
const deploys = ["pr", "staging", "production"] as const;

/** The same app with one mistake each: proof that the checks below can fail. */
const mistakes = {
  // Two mistakes in one deploy: each check below reads only its own.
  "a deploy with a route without an authorizer, and the API not waiting for migrations": {
    situation: situations.pr,
    edits: [
      {
        file: "infra/api.ts",
        replace: "/** One route per entry",
        with: 'api.route("GET /debug", apiFunction.arn);\n/**',
      },
      { file: "infra/api.ts", replace: "opts.dependsOn = [migrations]", with: "void opts" },
    ],
  },
  "sst dev with the API function in the VPC, and SST's site types in src/": {
    situation: situations.dev,
    edits: [
      { file: "infra/api.ts", replace: "vpc: $dev ? undefined : vpc,", with: "vpc," },
      { file: "infra/web.ts", replace: 'vite: { types: "../../.sst/web-env.d.ts" },', with: "" },
    ],
  },
} satisfies Record<string, { situation: Situation; edits: Edit[] }>;

const graphs = {} as Record<Name, Graph>;
const mistaken = {} as Record<keyof typeof mistakes, Graph>;

beforeAll(async () => {
  const jobs = [
    ...Object.entries(situations).map(([name, situation]) => async () => {
      graphs[name as Name] = new Graph(await evaluate(situation));
    }),
    ...Object.entries(mistakes).map(([name, { situation, edits }]) => async () => {
      mistaken[name as keyof typeof mistakes] = new Graph(await evaluate(situation, edits));
    }),
  ];
  // One evaluation per core at a time: more only makes them compete (each is a Node process).
  const workers = Array.from({ length: availableParallelism() }, async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) await job();
  });
  await Promise.all(workers);
  expect(Object.keys(graphs).length + Object.keys(mistaken).length).toBe(6);
}, 300_000);

afterAll(forgetBuilds);

const LAMBDA = "aws:lambda/function:Function";
const day = { "1 week": 7, "1 month": 30, "6 months": 180 } as const;

/** What each function of the app is given; a function missing here fails the tests. */
const functions: Record<string, { memorySize: number; timeout: number }> = {
  ApiFunction: { memorySize: 1024, timeout: 29 },
  Migrator: { memorySize: 512, timeout: 300 },
};
const retention: Record<Name, number> = {
  dev: day["1 week"],
  pr: day["1 week"],
  staging: day["1 month"],
  production: day["6 months"],
};

describe.each(Object.keys(situations) as Name[])("every situation: %s", (name) => {
  const graph = () => graphs[name];

  it("evaluates without an error", () => {
    expect(graph().evaluation.error).toBeUndefined();
  });

  it("declares each route of the route table once, with its authorizer and scopes, and no other", () => {
    expect(routeProblems(graph())).toEqual([]);
    expect(graph().ofType("aws:apigatewayv2/route:Route")).toHaveLength(Object.keys(routes).length);
  });

  it("trusts tokens of the user pool for the web client only", () => {
    const pool = graph().one("aws:cognito/userPool:UserPool");
    const client = graph().one("aws:cognito/userPoolClient:UserPoolClient");
    expect(graph().one("aws:apigatewayv2/authorizer:Authorizer").inputs).toMatchObject({
      authorizerType: "JWT",
      identitySources: ["$request.header.Authorization"],
      jwtConfiguration: {
        issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${pool.id}`,
        audiences: [client.id],
      },
    });
  });

  it("defines the route table's scopes on the resource server, and the admin group", () => {
    const server = graph().one("aws:cognito/resourceServer:ResourceServer").inputs as {
      identifier: string;
      scopes: { scopeName: string }[];
    };
    expect(server.scopes.map((scope) => `${server.identifier}/${scope.scopeName}`).sort()).toEqual(
      Object.values(Scope).sort(),
    );
    expect(graph().one("aws:cognito/userGroup:UserGroup").inputs.name).toBe("admin");
  });

  it("gives every function its memory and timeout and the stage's log retention", () => {
    for (const fn of graph().ofType(LAMBDA)) {
      const component = graph().component(fn).name;
      expect(functions[component], component).toBeDefined();
      expect({ memorySize: fn.inputs.memorySize, timeout: fn.inputs.timeout }).toEqual(functions[component]);
      const logGroup = (fn.inputs.loggingConfig as { logGroup: string }).logGroup;
      const group = graph()
        .ofType("aws:cloudwatch/logGroup:LogGroup")
        .find((candidate) => candidate.inputs.name === logGroup);
      expect(group?.inputs.retentionInDays, component).toBe(retention[name]);
    }
    expect(graph().one("aws:cloudwatch/logGroup:LogGroup", "ApiAccessLog").inputs.retentionInDays).toBe(
      retention[name],
    );
  });

  it("outputs the API URL, the site URL, the issuer, the user pool and the web client", () => {
    const pool = graph().one("aws:cognito/userPool:UserPool");
    const client = graph().one("aws:cognito/userPoolClient:UserPoolClient");
    const api = graph().one("aws:apigatewayv2/api:Api");
    expect(graph().evaluation.outputs).toEqual({
      api: api.state.apiEndpoint,
      site:
        name === "dev" ? "http://localhost:5173" : expect.stringMatching(/^https:\/\/.+\.cloudfront\.net$/),
      issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${pool.id}`,
      userPoolId: pool.id,
      webClientId: client.id,
      _protect: name === "production",
    });
  });

  it("sends sign-ins back to the same paths as the offline issuer", () => {
    const client = graph().one("aws:cognito/userPoolClient:UserPoolClient").inputs as {
      callbackUrls: string[];
      logoutUrls: string[];
    };
    const offline = localConfig({});
    const path = (url: string) => new URL(url).pathname;
    expect(client.callbackUrls.map(path)).toEqual(offline.redirectUris.map(path));
    expect(client.logoutUrls.map(path)).toEqual(offline.logoutUris.map(path));
  });

  it("writes nothing into the work tree outside .sst", () => {
    expect(graph().evaluation.written).toEqual([]);
  });

  it("prices every resource it creates", () => {
    expect(() => idleMonthlyCost(graph())).not.toThrow();
  });
});

describe("sst dev on a personal stage", () => {
  const graph = () => graphs.dev;

  it("creates no RDS: the dev block links the PostgreSQL on your machine", () => {
    expect(graph().resources.filter((resource) => resource.type.startsWith("aws:rds/"))).toEqual([]);
    const target = graph().evaluation.rpc.find((call) => call.method === "Runtime.AddTarget");
    expect(target?.params.links).toHaveProperty("Database");
    expect((target?.params.links as Record<string, unknown> | undefined)?.Database).toMatchObject({
      host: "127.0.0.1",
      port: 5432,
      username: "postgres",
      database: "test",
    });
  });

  it("runs every function through the bridge, on this machine, with the function defaults", () => {
    const bridged = bridgedFunctions(graph());
    expect(bridged.map((fn) => graph().component(fn).name)).toEqual(["ApiFunction"]);
    for (const fn of bridged)
      expect(fn.inputs).toMatchObject({ runtime: "provided.al2023", handler: "bootstrap" });
    const targets = graph().evaluation.rpc.filter((call) => call.method === "Runtime.AddTarget");
    expect(
      targets.map((call) => [call.params.functionID, call.params.runtime, call.params.properties]),
    ).toEqual([["ApiFunction", functionDefaults.runtime, defaultProperties()]]);
  });

  it("puts no bridged function in a subnet without a way out", () => {
    expect(bridgeProblems(graph())).toEqual([]);
  });

  it("applies migrations with a dev command linked to the database", () => {
    const commands = graph()
      .ofType("sst:sst:DevCommand")
      .map((command) => command.outputs?._dev as { command: string; links: string[]; autostart: boolean });
    expect(commands).toContainEqual(
      expect.objectContaining({
        command: "npm run db:migrate",
        links: ["Database"],
        autostart: true,
        // The linked database, also as the URL npm run db:migrate reads.
        environment: { DATABASE_URL: "postgres://postgres:@127.0.0.1:5432/test" },
      }),
    );
    expect(graph().ofType("aws:lambda/invocation:Invocation")).toEqual([]);
  });

  it("lets the web dev server on localhost sign in and out, and its API reference sign in", () => {
    expect(graph().one("aws:cognito/userPoolClient:UserPoolClient").inputs).toMatchObject({
      callbackUrls: ["http://localhost:5173/auth/callback", "http://localhost:5173/docs/"],
      logoutUrls: ["http://localhost:5173/"],
    });
  });
});

describe.each(deploys)("a deploy: %s", (name) => {
  const graph = () => graphs[name];

  it("runs every function on Node 24 and arm64", () => {
    for (const fn of graph().ofType(LAMBDA)) {
      expect(fn.inputs).toMatchObject({
        runtime: "nodejs24.x",
        architectures: ["arm64"],
        handler: "bundle.handler",
      });
    }
  });

  it("builds each function exactly as the artifact tests do", () => {
    const builds = graph()
      .evaluation.rpc.filter((call) => call.method === "Runtime.Build")
      .map(({ params }) => ({
        functionID: params.functionID,
        handler: params.handler,
        runtime: params.runtime,
        properties: params.properties,
        copyFiles: (params.copyFiles as { from: string; to: string }[]).map((copy) => ({
          from: relative(graph().evaluation.root, copy.from),
          to: copy.to,
        })),
      }));
    expect(builds.sort((a, b) => String(a.functionID).localeCompare(String(b.functionID)))).toEqual(
      Object.values(artifacts).map((spec) => ({
        functionID: spec.functionID,
        handler: spec.handler,
        runtime: functionDefaults.runtime,
        properties: defaultProperties(),
        copyFiles: spec.copyFiles,
      })),
    );
    for (const spec of Object.values(artifacts)) {
      const fn = graph()
        .ofType(LAMBDA)
        .find((candidate) => graph().component(candidate).name === spec.functionID);
      expect((fn?.inputs.environment as { variables: object } | undefined)?.variables).toMatchObject(
        spec.environment,
      );
      expect(fn?.inputs.memorySize, spec.functionID).toBe(spec.memoryMb);
    }
  });

  it("turns prepared statements off exactly where RDS Proxy would pin sessions", () => {
    const proxied = graph().ofType("aws:rds/proxy:Proxy").length > 0;
    const prepare = Object.fromEntries(
      graph()
        .ofType(LAMBDA)
        .map((fn) => [
          graph().component(fn).name,
          (fn.inputs.environment as { variables: Record<string, string> } | undefined)?.variables
            .DATABASE_PREPARE,
        ]),
    );
    const expected = proxied ? "false" : "true";
    expect(prepare).toEqual({ ApiFunction: expected, Migrator: expected });
    expect(proxied).toBe(name !== "pr");
  });

  it("makes the API's function wait for this deploy's migrations", () => {
    expect(routedFunctions(graph()).map((fn) => graph().component(fn).name)).toEqual(["ApiFunction"]);
    expect(migrationOrderProblems(graph())).toEqual([]);
  });

  it("runs both functions in the VPC's private subnets, next to the database", () => {
    const privateSubnets = graph()
      .ofType("aws:ec2/subnet:Subnet")
      .filter((subnet) => subnet.name.startsWith("VpcPrivateSubnet"))
      .map((subnet) => subnet.id);
    for (const fn of graph().ofType(LAMBDA)) {
      expect((fn.inputs.vpcConfig as { subnetIds: string[] }).subnetIds).toEqual(privateSubnets);
    }
  });
});

describe("production", () => {
  const graph = () => graphs.production;

  it("keeps its database through sst remove and protects it from deletion", () => {
    const database = graph().one("aws:rds/instance:Instance");
    expect(database).toMatchObject({
      retainOnDelete: true,
      inputs: { deletionProtection: true, multiAz: true },
    });
  });

  it("keeps its users and their groups, and protects the user pool from deletion", () => {
    expect(graph().one("aws:cognito/userPool:UserPool")).toMatchObject({
      retainOnDelete: true,
      inputs: { deletionProtection: "ACTIVE" },
    });
    expect(graph().one("aws:cognito/userGroup:UserGroup").retainOnDelete).toBe(true);
  });

  it("pools connections, spreads over three zones and has a bastion", () => {
    expect(graph().ofType("aws:rds/proxy:Proxy")).toHaveLength(1);
    expect(graph().ofType("aws:ec2/subnet:Subnet")).toHaveLength(6);
    expect(graph().one("aws:ec2/instance:Instance", "VpcBastionInstance").inputs.instanceType).toBe(
      "t4g.nano",
    );
  });
});

describe("staging", () => {
  const graph = () => graphs.staging;

  it("is permanent: pooled connections, a bastion for sst tunnel, a month of logs", () => {
    expect(graph().one("aws:rds/instance:Instance").inputs).toMatchObject({
      instanceClass: "db.t4g.small",
      maxAllocatedStorage: 50,
      multiAz: false,
    });
    expect(graph().ofType("aws:rds/proxy:Proxy")).toHaveLength(1);
    expect(
      graph()
        .ofType("aws:ec2/instance:Instance")
        .map((instance) => instance.name),
    ).toEqual(["VpcBastionInstance"]);
  });

  it("can still be removed on purpose: nothing protected", () => {
    expect(graph().one("aws:rds/instance:Instance")).toMatchObject({
      retainOnDelete: false,
      inputs: { deletionProtection: false },
    });
    expect(graph().one("aws:cognito/userPool:UserPool").inputs.deletionProtection).toBe("INACTIVE");
  });
});

describe("a pull request's stage", () => {
  const graph = () => graphs.pr;

  it("is removed completely by sst remove: nothing retained or protected", () => {
    // SST keeps source maps in its bootstrap bucket, which outlives every stage anyway.
    const retained = graph().resources.filter((resource) => resource.retainOnDelete || resource.protect);
    expect(retained.map((resource) => resource.name).sort()).toEqual([
      "ApiFunctionSourcemap0",
      "MigratorSourcemap0",
    ]);
    expect(graph().one("aws:rds/instance:Instance").inputs.deletionProtection).toBe(false);
    expect(graph().one("aws:cognito/userPool:UserPool").inputs.deletionProtection).toBe("INACTIVE");
  });

  it("is cheap: one small database and nothing else billed by the hour", () => {
    expect(idleMonthlyCost(graph()).items.map(({ resource, what }) => [resource, what])).toEqual([
      ["DatabaseProxySecret", "Secrets Manager secret"],
      ["VpcCloudmapNamespace", "Cloud Map namespace (private hosted zone)"],
      ["DatabaseInstance", "db.t4g.micro, 20 GB gp3"],
    ]);
  });
});

describe("what a stage costs per month at idle (us-east-1 prices; README's table)", () => {
  it.each([
    ["dev", 0.5],
    ["pr", 14.88],
    ["staging", 55.18],
    ["production", 129.02],
  ] as const)("%s: $%s", (name, dollars) => {
    expect(idleMonthlyCost(graphs[name]).total).toBe(dollars);
  });
});

describe("the checks above fail on a mistake", () => {
  it("a route outside the route table, without an authorizer", () => {
    expect(
      routeProblems(
        mistaken["a deploy with a route without an authorizer, and the API not waiting for migrations"],
      ),
    ).toEqual(["GET /debug is not in the route table", "GET /debug has no authorizer"]);
  });

  it("a bridged function in the VPC, whose subnets have no NAT", () => {
    expect(
      bridgeProblems(mistaken["sst dev with the API function in the VPC, and SST's site types in src/"]),
    ).toEqual([
      "ApiFunction is in VpcPrivateSubnet1-id, which has no way out",
      "ApiFunction is in VpcPrivateSubnet2-id, which has no way out",
    ]);
  });

  it("a file SST writes into the work tree", () => {
    expect(
      mistaken["sst dev with the API function in the VPC, and SST's site types in src/"].evaluation.written,
    ).toEqual(["packages/web/src/sst-env.d.ts"]);
  });

  it("an API function that does not wait for the migrations", () => {
    expect(
      migrationOrderProblems(
        mistaken["a deploy with a route without an authorizer, and the API not waiting for migrations"],
      ),
    ).toEqual(["ApiFunction does not wait for MigratorRun"]);
  });
});

describe("the route table itself", () => {
  it("makes public exactly the routes the graph checks allow without a token", () => {
    expect(
      Object.values(routes)
        .filter((route) => route.auth === "none")
        .map(routeKey),
    ).toEqual(publicRoutes);
  });
});
