import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Idempotency } from "@promotions/core/idempotency";
import { Promotion } from "@promotions/core/promotion";
import type { Context } from "hono";
import { type AppEnv, defineRoute, errorResponses, jsonContent, validationHook } from "./common";

const IdParam = z.object({
  id: z.string().meta({ param: { name: "id", in: "path" }, example: "prm_01JDQ7Z8X5V3K2M4N6P8R0T2W4" }),
});

const IfMatch = z.object({
  "if-match": z.string().optional().meta({
    description: "The `ETag` you read: the change applies only if the promotion is still at that version",
    example: '"3"',
  }),
});

const IdempotencyKeyHeader = z.object({
  "idempotency-key": Idempotency.Key.optional(),
});

const etagHeader = {
  ETag: {
    description: "The promotion's version, for `If-Match`",
    required: true,
    schema: { type: "string" as const },
  },
};

/** A promotion answer with its ETag: the version, as a strong entity tag. */
function withEtag<T extends { description: string }>(response: T) {
  return { ...response, headers: etagHeader };
}

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

function promotionAnswer<S extends 200 | 201>(c: Context<AppEnv>, promotion: Promotion.Info, status: S) {
  c.header("ETag", etagOf(promotion));
  return c.json(promotion, status);
}

export const promotionRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    defineRoute("listPromotions", {
      summary: "List your promotions, newest first",
      request: { query: Promotion.ListInput },
      responses: {
        200: jsonContent(Promotion.Page, "A page of promotions"),
        ...errorResponses(400),
      },
    }),
    async (c) => c.json(await Promotion.list(c.req.valid("query")), 200),
  )
  .openapi(
    defineRoute("createPromotion", {
      summary: "Create a promotion",
      description:
        "Send an `Idempotency-Key` to make retries safe: the same key with the same body replays the first answer.",
      request: {
        headers: IdempotencyKeyHeader,
        body: { ...jsonContent(Promotion.CreateInput, "The new promotion"), required: true },
      },
      responses: {
        201: withEtag(
          jsonContent(Promotion.Info, "The created promotion (or, for a repeated key, the first answer)"),
        ),
        ...errorResponses(400, 409, 415, 422),
      },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const create = async () => {
        const created = await Promotion.create(input);
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
  .openapi(
    defineRoute("getPromotion", {
      summary: "Get one of your promotions",
      request: { params: IdParam },
      responses: {
        200: withEtag(jsonContent(Promotion.Info, "The promotion")),
        ...errorResponses(404),
      },
    }),
    async (c) => promotionAnswer(c, await Promotion.get(c.req.valid("param").id), 200),
  )
  .openapi(
    defineRoute("updatePromotion", {
      summary: "Change some fields of one of your promotions",
      request: {
        params: IdParam,
        headers: IfMatch,
        body: { ...jsonContent(Promotion.UpdateInput, "The fields to change"), required: true },
      },
      responses: {
        200: withEtag(jsonContent(Promotion.Info, "The updated promotion")),
        ...errorResponses(400, 404, 409, 412, 415),
      },
    }),
    async (c) => {
      const updated = await Promotion.update(
        c.req.valid("param").id,
        c.req.valid("json"),
        precondition(c.req.valid("header")["if-match"]),
      );
      return promotionAnswer(c, updated, 200);
    },
  )
  .openapi(
    defineRoute("archivePromotion", {
      summary: "Archive one of your promotions (idempotent)",
      request: { params: IdParam, headers: IfMatch },
      responses: {
        200: withEtag(jsonContent(Promotion.Info, "The archived promotion")),
        ...errorResponses(404, 412),
      },
    }),
    async (c) => {
      const archived = await Promotion.archive(
        c.req.valid("param").id,
        precondition(c.req.valid("header")["if-match"]),
      );
      return promotionAnswer(c, archived, 200);
    },
  );
