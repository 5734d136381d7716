import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of PostgreSQL that a test can break on purpose: refuse new connections
 * (nothing listens), stall every connection (bytes held, as on a network that drops packets, and
 * delivered late once it heals), or cut them (both ends reset).
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let stalled = false;
  let server: Server;

  function accept(client: Socket) {
    const upstream = connect(target);
    const pair = { client, upstream };
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    if (stalled) {
      client.pause();
      upstream.pause();
    }
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
  }

  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      server = createServer(accept);
      server.listen(port, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
    });
  const port = await listen(0);

  return {
    url: (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    /** Connections opened from now on are refused (ECONNREFUSED); open ones are cut. */
    async refuse() {
      await new Promise((resolve) => {
        server.close(resolve);
        this.cut();
      });
    },
    /** Every byte either way is held, on open connections and new ones, until `heal`. */
    stall() {
      stalled = true;
      for (const { client, upstream } of pairs) {
        client.pause();
        upstream.pause();
      }
    },
    /** Resets every open connection. */
    cut() {
      for (const { client, upstream } of pairs) {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      }
      pairs.clear();
    },
    /** Back to normal: listening again, and what was held is delivered. */
    async heal() {
      stalled = false;
      for (const { client, upstream } of pairs) {
        client.resume();
        upstream.resume();
      }
      if (!server.listening) await listen(port);
    },
    async stop() {
      this.cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
export type TcpProxy = Awaited<ReturnType<typeof startTcpProxy>>;
