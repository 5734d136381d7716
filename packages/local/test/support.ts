import { createServer } from "node:net";
import { handler } from "@promotions/functions/api";
import { afterAll, beforeAll } from "vitest";
import { localConfig } from "../src/config";
import type { LambdaHandler } from "../src/gateway/server";
import { type Stack, type StackOptions, startStack } from "../src/stack";

/** Starts the offline stack on free loopback ports for the test file, and stops it afterwards. */
export function useStack(options: Partial<Omit<StackOptions, "config">> = {}) {
  const holder: { stack?: Stack } = {};
  beforeAll(async () => {
    holder.stack = await startStack({
      config: { ...localConfig({}), apiPort: 0, issuerPort: 0 },
      handler: handler as LambdaHandler,
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

export async function devToken(stack: Stack, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${stack.issuerUrl}/dev/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`dev/token answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function api(stack: Stack, method: string, path: string, token?: string, body?: unknown) {
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

export { promotionInput } from "../../core/test/support";

/** A TCP port nothing listens on right now, for servers that need a fixed port (Vite, dev). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
