/** The throughput baseline: @hono/node-server answering a page of promotions from memory. */
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const page = JSON.parse(process.argv[2] ?? "{}");
const app = new Hono().get("/promotions", (c) => c.json(page));
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${info.port}/promotions?limit=20` }));
});
process.on("SIGTERM", () => server.close());
