import { isPermanent, isProduction, logRetention } from "./stage";

/**
 * No NAT gateway: the functions in the VPC only talk to the database. API Gateway, not the
 * functions, fetches Cognito's keys.
 */
export const vpc = new sst.aws.Vpc("Vpc", { az: isProduction ? 3 : 2 });

export const database = new sst.aws.Postgres("Database", {
  vpc,
  version: "17",
  database: "promotions",
  instance: isProduction ? "t4g.medium" : isPermanent ? "t4g.small" : "t4g.micro",
  storage: isPermanent ? "50 GB" : "20 GB",
  multiAz: isProduction,
  // Lambda scales out to many containers, each with its own connection: pool them on permanent stages.
  proxy: isPermanent,
  // `sst dev` points linked code at the PostgreSQL on the developer's machine instead of RDS.
  dev: { host: "127.0.0.1", port: 5432, username: "postgres", password: "", database: "test" },
});

/** Applies the drizzle-kit migrations. The deploy runs it; `sst dev` users run `npm run dev` migrations. */
export const migrator = new sst.aws.Function("Migrator", {
  handler: "packages/functions/src/migrator.handler",
  runtime: "nodejs24.x",
  architecture: "arm64",
  memory: "512 MB",
  timeout: "5 minutes",
  vpc,
  link: [database],
  copyFiles: [{ from: "packages/core/migrations", to: "migrations" }],
  environment: { MIGRATIONS_DIR: "migrations" },
  nodejs: {
    // PGlite (WebAssembly) is only for offline use; ESM builds of dependencies tree-shake better.
    esbuild: { external: ["@electric-sql/pglite"], mainFields: ["module", "main"] },
    plugins: "infra/esbuild-plugins.mjs",
  },
  logging: { retention: logRetention },
});

if (!$dev) {
  // Invoked on every deploy (the input changes each time), before the API serves new code.
  new aws.lambda.Invocation("MigratorRun", {
    functionName: migrator.name,
    input: JSON.stringify({ deployedAt: Date.now() }),
  });
}
