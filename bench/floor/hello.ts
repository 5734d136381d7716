/** The cold-start baseline: a bare Hono app on hono/aws-lambda answering "hello". */
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";

const app = new Hono().get("/health", (c) => c.json({ message: "hello" }));
export const handler = handle(app);
