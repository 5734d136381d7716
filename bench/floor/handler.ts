/**
 * The floor: the least an API on Lambda can do to answer `GET /promotions?limit=20` with the same
 * JSON as ours — bare Hono (the same `hono/tiny` preset the API uses) on hono/aws-lambda and one
 * postgres.js query, with no validation, no context, no ORM and no logging. Bundled by the same
 * builder with the same options as the API, so the two differ only in the app.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { handle, type LambdaEvent } from "hono/aws-lambda";
import { Hono } from "hono/tiny";
import postgres from "postgres";

interface PromotionRow {
  id: string;
  owner_sub: string;
  title: string;
  description: string;
  code: string;
  discount_type: "percent" | "amount";
  discount_value: number;
  discount_currency: string | null;
  starts_at: Date;
  ends_at: Date;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
  version: number;
  created_by: string;
  updated_by: string;
}

// As the API's pool: one connection per container, and no catalog query on connecting (no arrays).
// DATABASE_PREPARE=false as the API reads it: unnamed statements, as behind RDS Proxy.
const sql = postgres(process.env.DATABASE_URL ?? "", {
  max: 1,
  fetch_types: false,
  prepare: process.env.DATABASE_PREPARE !== "false",
  onnotice: () => {},
});

function status(row: PromotionRow, now: Date) {
  if (row.archived_at) return "archived";
  if (now < row.starts_at) return "scheduled";
  if (now < row.ends_at) return "active";
  return "expired";
}

const app = new Hono<{ Bindings: { event: LambdaEvent } }>().get("/promotions", async (c) => {
  // API Gateway's JWT authorizer verified the token; hono's LambdaEvent types every payload format.
  const event = c.env.event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  const sub = event.requestContext.authorizer.jwt.claims.sub;
  if (typeof sub !== "string") return c.json({ error: { code: "invalid_claims" } }, 401);
  const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 20) || 20, 1), 100);
  // Not archived is what the API lists by default (scheduled, active and expired).
  const rows = await sql<PromotionRow[]>`
    select * from promotion
    where owner_sub = ${sub} and archived_at is null
    order by id desc limit ${limit + 1}`;
  const now = new Date();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return c.json({
    data: page.map((row) => ({
      id: row.id,
      ownerSub: row.owner_sub,
      title: row.title,
      description: row.description,
      code: row.code,
      discount:
        row.discount_type === "percent"
          ? { type: "percent", value: row.discount_value }
          : { type: "amount", value: row.discount_value, currency: row.discount_currency ?? "" },
      startsAt: row.starts_at.toISOString(),
      endsAt: row.ends_at.toISOString(),
      status: status(row, now),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      archivedAt: row.archived_at?.toISOString() ?? null,
      createdBy: row.created_by,
      updatedBy: row.updated_by,
      version: row.version,
    })),
    nextCursor: rows.length > limit && last ? Buffer.from(last.id).toString("base64url") : null,
  });
});

export const handler = handle(app);
