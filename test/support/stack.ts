import { afterAll, beforeAll } from "vitest";
import { handler } from "../../packages/functions/src/api";
import { localConfig } from "../../packages/local/src/config";
import { type Stack, type StackOptions, startStack } from "../../packages/local/src/stack";

/** Starts the offline stack on free loopback ports for the test file, and stops it afterwards. */
export function useStack(options: Partial<Omit<StackOptions, "config">> = {}) {
  const holder: { stack?: Stack } = {};
  beforeAll(async () => {
    holder.stack = await startStack({
      config: { ...localConfig({}), apiPort: 0, issuerPort: 0 },
      handler,
      ephemeralKeys: true,
      jwksCooldownMs: 0,
      ...options,
    });
  });
  afterAll(async () => holder.stack?.stop());
  return () => {
    if (!holder.stack) throw new Error("The stack has not started");
    return holder.stack;
  };
}

/** An access token from the dev issuer's `/dev/token`, as scripts get one. */
export async function devToken(stack: Stack, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${stack.issuerUrl}/dev/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`dev/token answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A request through the offline gateway over HTTP, with the JSON body parsed. */
export async function callApi(stack: Stack, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are arbitrary JSON that each test asserts on exactly.
  const json: any = text && response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
  return { status: response.status, headers: response.headers, body: json };
}
