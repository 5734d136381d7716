/**
 * Offline throughput over loopback (autocannon): the offline stack as `npm run dev` runs it (the
 * gateway verifying a JWT, the handler, PGlite) against a bare @hono/node-server answering the
 * same JSON from memory.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Server {
  info: { url: string; token?: string };
  stop(): void;
}

function startServer(script: string, args: string[] = []): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${root}node_modules/.bin/tsx`, [script, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "", LOG_LEVEL: "SILENT" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout.once("data", (chunk: Buffer) =>
      resolve({ info: JSON.parse(chunk.toString()), stop: () => child.kill("SIGTERM") }),
    );
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function requestsPerSecond(url: string, seconds: number, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, headers, connections: 10, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return Math.round(result.requests.average);
}

export async function offlineThroughput(seconds: number) {
  const stack = await startServer("bench/serve/stack.ts");
  let baseline: Server | undefined;
  try {
    const auth = { authorization: `Bearer ${stack.info.token}` };
    const page = await (await fetch(stack.info.url, { headers: auth })).text();
    baseline = await startServer("bench/serve/baseline.ts", [page]);
    return {
      stackRps: await requestsPerSecond(stack.info.url, seconds, auth),
      baselineRps: await requestsPerSecond(baseline.info.url, seconds),
    };
  } finally {
    stack.stop();
    baseline?.stop();
  }
}
