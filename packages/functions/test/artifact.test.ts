/**
 * The Lambda artifacts exactly as `sst deploy` uploads them (infra/artifact.ts follows SST's
 * builder), each alone in an empty directory outside the repository — as Lambda's /var/task holds
 * it — and started by Node 24 with Lambda's and SST's environment. Nothing resolves from the
 * repository's node_modules, so a bundle that passes here starts in AWS.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  artifacts,
  buildArtifact,
  defaultProperties,
  invokeArtifact,
  postgresLink,
  repoRoot,
  sstEnvironment,
} from "../../../infra/lambda/artifact";
import { postgresAnswers, postgresServerUrl as server } from "../../../test/support/postgres";
import fixture from "./fixtures/apigw-v2-jwt-cognito-access.json" with { type: "json" };

/** Lambda's artifacts speak PostgreSQL only: without a server these tests cannot run (CI has one). */
const hasPostgres = await postgresAnswers(server);
if (!hasPostgres && process.env.CI === "true")
  throw new Error(`No PostgreSQL at ${server}: CI must start one`);
if (!hasPostgres) {
  console.warn(
    `Artifact tests skipped: no PostgreSQL at ${server}. Start one (README, "Deploying": docker run … postgres:17) or set DATABASE_URL.`,
  );
}
let work = "";
const migrationsFolder = join(repoRoot, "packages/core/migrations");
const cleanup: (() => Promise<void>)[] = [];

/** A new database on the server, dropped after the file; returned as SST's Postgres link. */
async function freshDatabase(label: string) {
  const name = `promotions_artifact_${label}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  cleanup.push(async () => {
    const drop = postgres(server, { max: 1, onnotice: () => {} });
    await drop.unsafe(`drop database if exists ${name} with (force)`);
    await drop.end();
  });
  return { url: url.toString(), link: postgresLink(url.toString()) };
}

const key = randomBytes(32).toString("base64");
const task = (name: string) => join(work, name, "task");
let migratorDatabase: Awaited<ReturnType<typeof freshDatabase>>;
let apiDatabase: Awaited<ReturnType<typeof freshDatabase>>;

beforeAll(async () => {
  if (!hasPostgres) return;
  work = mkdtempSync(join(tmpdir(), "promotions-artifacts-"));
  // Lambda's nodejs24.x; npm scripts and npx run on the `node` dev dependency, which is 24.
  expect(process.versions.node.split(".")[0]).toBe("24");
  migratorDatabase = await freshDatabase("migrator");
  apiDatabase = await freshDatabase("api");
  const db = postgres(apiDatabase.url, { max: 1, onnotice: () => {} });
  await migrate(drizzle({ client: db }), { migrationsFolder });
  await db.end();
  await buildArtifact(artifacts.migrator, {
    task: task("migrator"),
    key,
    links: { Database: migratorDatabase.link },
  });
  await buildArtifact(artifacts.api, { task: task("api"), key, links: { Database: apiDatabase.link } });
}, 120_000);

afterAll(async () => {
  for (const step of cleanup) await step();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!hasPostgres)("the Lambda artifacts, alone in /var/task", () => {
  it("have no node_modules to fall back on: none in the task directory or above it", () => {
    for (let dir = task("api"); dir !== dirname(dir); dir = dirname(dir)) {
      expect(existsSync(join(dir, "node_modules")), dir).toBe(false);
    }
  });

  it("hold the API as one bundle, its OpenAPI document and SST's resource file, nothing else", () => {
    expect(readdirSync(task("api")).sort()).toEqual(["bundle.mjs", "openapi.json", "resource.enc"]);
  });

  it("hold the migrator's bundle, SST's resource file and the migrations it copies", () => {
    expect(readdirSync(task("migrator")).sort()).toEqual(["bundle.mjs", "migrations", "resource.enc"]);
    expect(readdirSync(join(task("migrator"), "migrations"), { recursive: true }).sort()).toEqual(
      readdirSync(migrationsFolder, { recursive: true }).sort(),
    );
  });
});

describe.skipIf(!hasPostgres)("the migrator artifact", () => {
  it("migrates an empty database, linked as SST links it", async () => {
    const results = await invokeArtifact(task("migrator"), "bundle.handler", [{}], {
      functionName: "Migrator",
      memoryMb: artifacts.migrator.memoryMb,
      env: {
        ...sstEnvironment("artifact-test", key),
        ...artifacts.migrator.environment,
        LOG_LEVEL: "SILENT",
      },
    });
    expect(results).toEqual([{ migrated: true }]);

    const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta/_journal.json"), "utf8")) as {
      entries: unknown[];
    };
    const db = postgres(migratorDatabase.url, { max: 1, onnotice: () => {} });
    const [applied] = await db`select count(*)::int as count from drizzle.__drizzle_migrations`;
    const [table] = await db`select to_regclass('public.promotion')::text as name`;
    await db.end();
    expect(applied?.count).toBe(journal.entries.length);
    expect(table?.name).toBe("promotion");
  });
});

describe.skipIf(!hasPostgres)("the API artifact", () => {
  const day = 24 * 60 * 60 * 1000;

  it("answers the API Gateway fixture with 200 from PostgreSQL", async () => {
    // A promotion created through the artifact itself, then listed by the fixture's request.
    const create = {
      ...structuredClone(fixture),
      routeKey: "POST /promotions",
      rawQueryString: "",
      queryStringParameters: undefined,
      headers: { ...fixture.headers, "content-type": "application/json" },
      requestContext: {
        ...structuredClone(fixture.requestContext),
        routeKey: "POST /promotions",
        http: { ...fixture.requestContext.http, method: "POST" },
      },
      body: JSON.stringify({
        title: "Artifact sale",
        code: "ARTIFACT-1",
        discount: { type: "percent", value: 10 },
        startsAt: new Date(Date.now() - day).toISOString(),
        endsAt: new Date(Date.now() + day).toISOString(),
      }),
    };
    const [created, listed] = (await invokeArtifact(task("api"), "bundle.handler", [create, fixture], {
      functionName: "ApiFunction",
      env: { ...sstEnvironment("artifact-test", key), ...artifacts.api.environment, LOG_LEVEL: "SILENT" },
    })) as { statusCode: number; body: string }[];

    expect(created?.statusCode).toBe(201);
    expect(listed?.statusCode).toBe(200);
    const body = JSON.parse(listed?.body ?? "{}") as { data: { code: string; status: string }[] };
    expect(body.data.map(({ code, status }) => ({ code, status }))).toEqual([
      { code: "ARTIFACT-1", status: "active" },
    ]);
  });

  it("serves the OpenAPI document it ships with, for the server that was asked", async () => {
    const event = {
      ...structuredClone(fixture),
      routeKey: "GET /openapi.json",
      rawPath: "/openapi.json",
      rawQueryString: "",
      queryStringParameters: undefined,
      requestContext: {
        ...structuredClone(fixture.requestContext),
        authorizer: undefined,
        routeKey: "GET /openapi.json",
        http: { ...fixture.requestContext.http, path: "/openapi.json" },
      },
    };
    const [answer] = (await invokeArtifact(task("api"), "bundle.handler", [event], {
      functionName: "ApiFunction",
      env: { ...sstEnvironment("artifact-test", key), ...artifacts.api.environment, LOG_LEVEL: "SILENT" },
    })) as { statusCode: number; body: string }[];
    expect(answer?.statusCode).toBe(200);
    expect(JSON.parse(answer?.body ?? "{}")).toMatchObject({
      openapi: "3.1.0",
      servers: [{ url: `https://${fixture.headers.host}` }],
    });
  });

  it("fails to start, as it would in AWS, when it needs a package from node_modules", async () => {
    // The same build with one dependency left out of the bundle: proof that nothing here
    // resolves from the repository, so the test above would catch a missing package.
    const properties = defaultProperties();
    properties.esbuild = { ...properties.esbuild, external: ["hono"] };
    await buildArtifact(artifacts.api, { task: task("api-external"), key, properties });
    await expect(
      invokeArtifact(task("api-external"), "bundle.handler", [fixture], {
        env: sstEnvironment("artifact-test", key),
      }),
    ).rejects.toThrow(/ERR_MODULE_NOT_FOUND[\s\S]*'hono'/);
  });
});
