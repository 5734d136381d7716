import { isPermanent, isProduction } from "./stage";

const stage = $app.stage;

/**
 * No NAT gateway: the functions in the VPC only talk to the database. API Gateway, not the
 * functions, fetches Cognito's keys. (Under `sst dev` no function is in the VPC: see api.ts.)
 * Permanent stages get a bastion, SST's way to reach their RDS from a laptop (`sst tunnel`).
 */
export const vpc = new sst.aws.Vpc("Vpc", { az: isProduction(stage) ? 3 : 2, bastion: isPermanent(stage) });

/** Lambda scales out to many containers, each with its own connection: pool them on permanent stages. */
const databaseProxy = isPermanent(stage);
/**
 * DATABASE_PREPARE for every function that links the database: named prepared statements pin a
 * client's session to one database connection behind RDS Proxy, which would undo its pooling;
 * without a proxy they save a round trip per read.
 */
export const databasePrepare = databaseProxy ? "false" : "true";

export const database = new sst.aws.Postgres("Database", {
  vpc,
  version: "17",
  database: "promotions",
  instance: isProduction(stage) ? "t4g.medium" : isPermanent(stage) ? "t4g.small" : "t4g.micro",
  // The ceiling of storage autoscaling (SST starts every instance at 20 GB).
  storage: isPermanent(stage) ? "50 GB" : "20 GB",
  multiAz: isProduction(stage),
  proxy: databaseProxy,
  // `sst dev` creates no RDS instance: linked code (the functions running on your machine, the
  // migrations dev command below, `sst shell`) reaches the PostgreSQL on your machine instead.
  dev: { host: "127.0.0.1", port: 5432, username: "postgres", password: "", database: "test" },
  transform: {
    // SST already keeps production's instance through `sst remove` (removal "retain"); deletion
    // protection also stops a deletion from the console or the API.
    instance: (args) => {
      args.deletionProtection = isProduction(stage);
    },
  },
});

/**
 * Migrations on deployed stages: the Migrator function, invoked once per deploy by MigratorRun
 * (its input changes every time). api.ts makes the API's function wait for that invocation, so
 * new code never serves before its migrations are applied, and a failed migration stops the
 * deploy before the API changes.
 */
export const migrator = $dev
  ? undefined
  : new sst.aws.Function("Migrator", {
      handler: "packages/functions/src/migrator.handler",
      memory: "512 MB",
      timeout: "5 minutes",
      vpc,
      link: [database],
      copyFiles: [{ from: "packages/core/migrations", to: "migrations" }],
      environment: { MIGRATIONS_DIR: "migrations", DATABASE_PREPARE: databasePrepare },
    });

export const migrations: aws.lambda.Invocation | undefined = migrator
  ? new aws.lambda.Invocation("MigratorRun", {
      functionName: migrator.name,
      input: JSON.stringify({ deployedAt: Date.now() }),
    })
  : undefined;

/**
 * Migrations under `sst dev`: a dev command (a tab in the `sst dev` window) applies them to the
 * linked database, your machine's PostgreSQL, when `sst dev` starts. After `npm run db:generate`,
 * restart it from its tab. DATABASE_URL names the same database for `npm run db:migrate`'s own
 * choice of database (packages/local), which would otherwise start an embedded PGlite first.
 */
if ($dev) {
  new sst.x.DevCommand("Migrations", {
    link: [database],
    environment: {
      DATABASE_URL: $resolve([
        database.username,
        database.password,
        database.host,
        database.port,
        database.database,
      ]).apply(
        ([username, password, host, port, name]) =>
          `postgres://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${host}:${port}/${name}`,
      ),
    },
    dev: { title: "Migrations", command: "npm run db:migrate", autostart: true },
  });
}
