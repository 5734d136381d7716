/** The promotion routes: one handler per entry of the route table, validated with core's schemas. */
import { Idempotency } from "@promotions/core/idempotency";
import { Promotion } from "@promotions/core/promotion";
import type { Context } from "hono";
import { Hono } from "hono/tiny";
import * as z from "zod/mini";
import { type AppEnv, authorize, pathOf, validate } from "./common";
import { routes } from "./routes";

const IdParam = z.object({
  id: z.string().register(z.globalRegistry, { example: "prm_01JDQ7Z8X5V3K2M4N6P8R0T2W4" }),
});

const IfMatch = z.object({
  "if-match": z.optional(z.string()).register(z.globalRegistry, {
    description: "The `ETag` you read: the change applies only if the promotion is still at that version",
    example: '"3"',
  }),
});

const IdempotencyKeyHeader = z.object({ "idempotency-key": z.optional(Idempotency.Key) });

const etagOf = (promotion: Promotion.Info) => `"${promotion.version}"`;

/**
 * The versions an `If-Match` header names (strong comparison: weak tags never match), or `*`.
 * Absent, the change is unconditional.
 */
function precondition(header: string | undefined): Promotion.Precondition {
  if (header === undefined) return {};
  if (header.trim() === "*") return { ifMatch: "*" };
  const versions = header
    .split(",")
    .map((tag) => /^\s*"(\d{1,9})"\s*$/.exec(tag)?.[1])
    .filter((version): version is string => version !== undefined)
    .map(Number);
  return { ifMatch: versions };
}

/** A promotion answer with its ETag: the version, as a strong entity tag. */
function promotionAnswer<S extends 200 | 201>(c: Context<AppEnv>, promotion: Promotion.Info, status: S) {
  c.header("ETag", etagOf(promotion));
  return c.json(promotion, status);
}

const { listPromotions, createPromotion, getPromotion, updatePromotion, archivePromotion } = routes;

export const promotionRoutes = new Hono<AppEnv>()
  .get(pathOf(listPromotions), authorize(listPromotions), validate("query", Promotion.ListInput), async (c) =>
    c.json(await Promotion.list.force(c.req.valid("query")), 200),
  )
  .post(
    pathOf(createPromotion),
    authorize(createPromotion),
    validate("header", IdempotencyKeyHeader),
    validate("json", Promotion.CreateInput),
    async (c) => {
      const input = c.req.valid("json");
      const create = async () => {
        const created = await Promotion.create.force(input);
        return {
          status: 201 as const,
          body: created,
          headers: { Location: `/promotions/${created.id}`, ETag: etagOf(created) },
        };
      };
      const key = c.req.valid("header")["idempotency-key"];
      const { response, replayed } = key
        ? await Idempotency.once(key, Idempotency.fingerprint(input), create)
        : { response: await create(), replayed: false };
      for (const [name, value] of Object.entries(response.headers)) c.header(name, value);
      if (replayed) c.header("Idempotent-Replayed", "true");
      return c.json(response.body as Promotion.Info, 201);
    },
  )
  .get(pathOf(getPromotion), authorize(getPromotion), validate("param", IdParam), async (c) =>
    promotionAnswer(c, await Promotion.get(c.req.valid("param").id), 200),
  )
  .patch(
    pathOf(updatePromotion),
    authorize(updatePromotion),
    validate("param", IdParam),
    validate("header", IfMatch),
    validate("json", Promotion.UpdateInput),
    async (c) => {
      const updated = await Promotion.update.force(
        c.req.valid("param").id,
        c.req.valid("json"),
        precondition(c.req.valid("header")["if-match"]),
      );
      return promotionAnswer(c, updated, 200);
    },
  )
  .delete(
    pathOf(archivePromotion),
    authorize(archivePromotion),
    validate("param", IdParam),
    validate("header", IfMatch),
    async (c) => {
      const archived = await Promotion.archive(
        c.req.valid("param").id,
        precondition(c.req.valid("header")["if-match"]),
      );
      return promotionAnswer(c, archived, 200);
    },
  );
