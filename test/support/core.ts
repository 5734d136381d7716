import { createServer } from "node:net";
import { type Actor, type Claims, withActor } from "../../packages/core/src/actor";

export function user(sub: string, overrides: Partial<Claims> = {}): Actor {
  return {
    type: "user",
    properties: {
      sub,
      username: sub,
      groups: [],
      scopes: ["promotions/read", "promotions/write"],
      ...overrides,
    },
  };
}

/** Runs `fn` as the user `sub`, the way the API handler does for a signed-in caller. */
export function asUser<T>(sub: string, fn: () => T, overrides: Partial<Claims> = {}): T {
  return withActor(user(sub, overrides), fn);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A valid creation input whose window contains now (so its status is `active`). */
export function promotionInput(overrides: Record<string, unknown> = {}) {
  const day = 24 * 60 * 60 * 1000;
  return {
    title: "Winter sale",
    description: "25% off everything",
    code: `WINTER-${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
    discount: { type: "percent" as const, value: 25 },
    startsAt: new Date(Date.now() - day).toISOString(),
    endsAt: new Date(Date.now() + 30 * day).toISOString(),
    ...overrides,
  };
}

/** A TCP port nothing listens on right now, for servers that need a fixed port (Vite, dev). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
