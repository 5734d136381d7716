/**
 * The fault drill: the API in this process, PostgreSQL behind a TCP proxy the test breaks. For
 * every fault: no crash, a 503 with Retry-After before the Lambda's time is up, recovery without
 * a restart, and no write applied after its request was answered with an error.
 */
import { randomUUID } from "node:crypto";
import { closeDatabase } from "@promotions/core/drizzle/index";
import { migrate } from "@promotions/core/drizzle/migrate";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { promotionInput, sleep } from "../../../test/support/core";
import {
  type Answer,
  apiEvent,
  authorizerClaims,
  invoke,
  type RequestOptions,
} from "../../../test/support/lambda";
import { startTcpProxy, type TcpProxy } from "../../../test/support/tcp-proxy";
import { lambdaContext } from "../../local/src/gateway/event";

const serverUrl = process.env.POSTGRES_SERVER_URL;
/** The function's remaining time per invocation: the answer must come before it runs out. */
const LAMBDA_MS = 3_000;
const bounds = {
  DATABASE_CONNECT_TIMEOUT: "1",
  DATABASE_STATEMENT_TIMEOUT_MS: "1500",
  DATABASE_LOCK_TIMEOUT_MS: "500",
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: "3000",
};

describe.skipIf(!serverUrl)("the fault drill: PostgreSQL behind a TCP proxy", () => {
  const name = `promotions_faults_${randomUUID().replaceAll("-", "")}`;
  const saved = { ...process.env };
  let proxy: TcpProxy;
  let admin: postgres.Sql;
  /** Every create the drill sent, with the status it got. */
  const ledger: { code: string; status: number }[] = [];

  beforeAll(async () => {
    const server = new URL(serverUrl as string);
    const root = postgres(serverUrl as string, { max: 1, onnotice: () => {} });
    await root.unsafe(`create database "${name}"`);
    await root.end();
    const direct = new URL(server);
    direct.pathname = `/${name}`;
    admin = postgres(direct.toString(), { max: 4, onnotice: () => {} });
    await closeDatabase();
    process.env.DATABASE_URL = direct.toString();
    await migrate();
    await closeDatabase();
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    Object.assign(process.env, bounds, { DATABASE_URL: proxy.url(name) });
  });

  afterAll(async () => {
    await closeDatabase();
    process.env = saved;
    await proxy?.stop();
    await admin?.end();
    const root = postgres(serverUrl as string, { max: 1, onnotice: () => {} });
    await root.unsafe(`drop database if exists "${name}" with (force)`);
    await root.end();
  });

  const claims = authorizerClaims({ sub: "drill" });
  async function call(method: string, path: string, options: RequestOptions = {}) {
    const started = performance.now();
    const answer = await invoke(
      apiEvent(method, path, { claims, ...options }),
      lambdaContext("faults", LAMBDA_MS),
    );
    return { ...answer, ms: performance.now() - started };
  }
  async function create(code: string) {
    const answer = await call("POST", "/promotions", { body: promotionInput({ code }) });
    ledger.push({ code, status: answer.status });
    return answer;
  }

  /** The API's own 503: in time, with Retry-After and its error body (not the gateway's). */
  function expectOutage(answer: Answer & { ms: number }) {
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("5");
    expect(["database_unavailable", "database_timeout"]).toContain(answer.body.error.code);
    expect(answer.ms).toBeLessThan(LAMBDA_MS);
  }

  /** A row lock held by another session until `release` is called. */
  async function holdRowLock(id: string) {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = admin.begin(async (tx) => {
      await tx`select id from promotion where id = ${id} for update`;
      locked();
      await released;
    });
    await isLocked;
    return async () => {
      release();
      await holder;
    };
  }

  const titleOf = async (id: string) => (await admin`select title from promotion where id = ${id}`)[0]?.title;

  it("works through the proxy before anything breaks", async () => {
    expect((await create("DRILL-OK")).status).toBe(201);
  });

  it("refused connections: 503 with Retry-After at once, then back without a restart", async () => {
    await closeDatabase(); // no connection left open: every request must connect
    await proxy.refuse();
    expectOutage(await create("DRILL-REFUSED"));
    expectOutage(await call("GET", "/health"));
    await proxy.heal();
    expect((await create("DRILL-AFTER-REFUSED")).status).toBe(201);
  });

  it("a stalled network: 503 before the deadline, nothing written when the held bytes arrive, back within seconds", async () => {
    await call("GET", "/health"); // an open connection that stalls with the network
    proxy.stall();
    expectOutage(await create("DRILL-STALLED"));
    await proxy.heal();
    await sleep(500); // the held INSERT reaches the server now, without its COMMIT
    const started = performance.now();
    let health = await call("GET", "/health");
    while (health.status !== 200 && performance.now() - started < 5_000)
      health = await call("GET", "/health");
    expect(health.status).toBe(200);
    expect((await admin`select count(*)::int as n from promotion where code = 'DRILL-STALLED'`)[0]?.n).toBe(
      0,
    );
  });

  it("a connection cut in the middle of a transaction: 503, the process lives on, the change is not applied", async () => {
    const { body: created } = await create("DRILL-CUT");
    const release = await holdRowLock(created.id);
    const patch = call("PATCH", `/promotions/${created.id}`, { body: { title: "Cut" } });
    await sleep(150); // the PATCH waits on the lock inside its transaction
    proxy.cut();
    expectOutage(await patch);
    await release();
    await sleep(200); // a ROLLBACK written to the dead socket would crash the process here
    expect(await titleOf(created.id)).toBe("Winter sale");
    expect((await call("GET", `/promotions/${created.id}`)).status).toBe(200);
  });

  it("the API's backend killed while its transaction waits on a lock: 503, no crash, nothing applied", async () => {
    const { body: created } = await create("DRILL-KILLED");
    const release = await holdRowLock(created.id);
    const patch = call("PATCH", `/promotions/${created.id}`, { body: { title: "Killed" } });
    await sleep(150);
    const killed = await admin`
      select pg_terminate_backend(pid) as done from pg_stat_activity
      where datname = ${name} and application_name = 'promotions' and wait_event_type = 'Lock'`;
    expect(killed).toEqual([{ done: true }]);
    expectOutage(await patch);
    await release();
    await sleep(200);
    expect(await titleOf(created.id)).toBe("Winter sale");
    const later = await call("PATCH", `/promotions/${created.id}`, { body: { title: "Later" } });
    expect([later.status, later.body]).toEqual([200, expect.objectContaining({ title: "Later" })]);
  });

  it("a row locked past lock_timeout: 503, and the change does not land once the lock goes", async () => {
    const { body: created } = await create("DRILL-LOCKED");
    const release = await holdRowLock(created.id);
    const answer = await call("PATCH", `/promotions/${created.id}`, { body: { title: "Too late" } });
    expectOutage(answer);
    expect(answer.ms).toBeLessThan(1_500);
    await release();
    expect(await titleOf(created.id)).toBe("Winter sale");
  });

  it("a database that refuses connections (55000): 503, then back once it accepts them", async () => {
    const root = postgres(serverUrl as string, { max: 1, onnotice: () => {} });
    await root.unsafe(`alter database "${name}" allow_connections false`);
    await closeDatabase();
    try {
      expectOutage(await create("DRILL-CLOSED"));
    } finally {
      await root.unsafe(`alter database "${name}" allow_connections true`);
      await root.end();
    }
    expect((await create("DRILL-REOPENED")).status).toBe(201);
  });

  it("a read-only database (25006), as after a failover to a standby: 503 for writes, reads still answer", async () => {
    await admin.unsafe(`alter database "${name}" set default_transaction_read_only = on`);
    await closeDatabase(); // new sessions take the setting
    try {
      expectOutage(await create("DRILL-READONLY"));
      expect((await call("GET", "/promotions")).status).toBe(200);
    } finally {
      await admin.unsafe(`alter database "${name}" reset default_transaction_read_only`);
      await closeDatabase();
    }
    expect((await create("DRILL-WRITABLE")).status).toBe(201);
  });

  it("holds every write answered 201, and none answered with an error", async () => {
    const stored = new Set((await admin`select code from promotion`).map((row) => row.code as string));
    const answered = ledger.map(({ code, status }) => ({ code, stored: stored.has(code), status }));
    expect(answered.filter(({ status, stored }) => (status === 201) !== stored)).toEqual([]);
    expect(answered.filter(({ status }) => status === 201).length).toBeGreaterThanOrEqual(6);
  });
});
