/**
 * The document serves generated clients: TypeScript types generated from /openapi.json with
 * openapi-typescript, and a small openapi-fetch client that must type-check against them (and
 * fail to where it misuses the API). Our own web app keeps Hono's `hc<App>`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { afterAll, describe, expect, it } from "vitest";
import { apiEvent, invoke } from "../../../test/support/lambda";

const root = new URL("../../../", import.meta.url).pathname;
// Inside the repository's node_modules, so the client resolves openapi-fetch like any project.
mkdirSync(join(root, "node_modules/.cache"), { recursive: true });
const dir = mkdtempSync(join(root, "node_modules/.cache/consumer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const client = `
import createClient from "openapi-fetch";
import type { components, paths } from "./api";

type Promotion = components["schemas"]["Promotion"];
const api = createClient<paths>({ baseUrl: "https://api.example.com" });
const headers = { authorization: "Bearer token" };

export async function use(): Promise<Promotion | undefined> {
  const listed = await api.GET("/promotions", { params: { query: { limit: 20, status: "active", owner: "me" } }, headers });
  if (listed.error) {
    // Either the API's error body or API Gateway's own message.
    const message: string = "error" in listed.error ? listed.error.error.message : listed.error.message;
    throw new Error(message);
  }
  const cursor: string | null = listed.data.nextCursor;
  const created = await api.POST("/promotions", {
    params: { header: { "idempotency-key": "8e03978e-40d5-43e8-bc93-6894a57f9324" } },
    body: {
      title: "Winter sale",
      code: "WINTER-25",
      discount: { type: "amount", value: 500, currency: "EUR" },
      startsAt: "2026-12-01T00:00:00Z",
      endsAt: "2027-01-01T00:00:00Z",
    },
    headers,
  });
  if (!created.data) return undefined;
  const id = created.data.id;
  await api.PATCH("/promotions/{id}", {
    params: { path: { id }, header: { "if-match": \`"\${created.data.version}"\` } },
    body: { title: "Longer winter sale" },
    headers,
  });
  await api.DELETE("/promotions/{id}", { params: { path: { id }, header: {} }, headers });
  void cursor;
  return (await api.GET("/promotions/{id}", { params: { path: { id } }, headers })).data;
}

export async function misuse() {
  // @ts-expect-error a route the API does not have
  await api.GET("/coupons");
  // @ts-expect-error a title must be a string
  await api.POST("/promotions", { params: { header: {} }, body: { title: 1, code: "X", discount: { type: "percent", value: 5 }, startsAt: "", endsAt: "" } });
  // @ts-expect-error a percent discount has no currency field
  const discount: Promotion["discount"] = { type: "percent", value: 5, currency: "EUR" };
  void discount;
}
`;

describe("a client generated from /openapi.json", () => {
  it("type-checks with openapi-typescript's types and openapi-fetch, and rejects misuse", async () => {
    const document = (await invoke(apiEvent("GET", "/openapi.json", { claims: null }))).body;
    writeFileSync(join(dir, "api.d.ts"), astToString(await openapiTS(document)));
    writeFileSync(join(dir, "client.ts"), client);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "ES2022",
          module: "ESNext",
          moduleResolution: "Bundler",
          lib: ["ES2022", "DOM"],
          skipLibCheck: true,
        },
        files: ["client.ts"],
      }),
    );
    const check = () =>
      execFileSync(join(root, "node_modules/.bin/tsc"), ["-p", dir], { encoding: "utf8", stdio: "pipe" });
    let output = "";
    try {
      check();
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toBe("");
  }, 60_000);
});
