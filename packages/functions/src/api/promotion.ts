import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Promotion } from "@promotions/core/promotion";
import { type AppEnv, defineRoute, errorResponses, jsonContent, validationHook } from "./common";
import { routes } from "./routes";

const IdParam = z.object({
  id: z.string().meta({ param: { name: "id", in: "path" }, example: "prm_01JDQ7Z8X5V3K2M4N6P8R0T2W4" }),
});

export const promotionRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    defineRoute(routes.listPromotions, {
      summary: "List your promotions, newest first",
      request: { query: Promotion.ListInput },
      responses: {
        200: jsonContent(Promotion.Page, "A page of promotions"),
        ...errorResponses(400, 401, 403, 503),
      },
    }),
    async (c) => c.json(await Promotion.list(c.req.valid("query")), 200),
  )
  .openapi(
    defineRoute(routes.createPromotion, {
      summary: "Create a promotion",
      request: { body: { ...jsonContent(Promotion.CreateInput, "The new promotion"), required: true } },
      responses: {
        201: jsonContent(Promotion.Info, "The created promotion"),
        ...errorResponses(400, 401, 403, 409, 415, 503),
      },
    }),
    async (c) => {
      const created = await Promotion.create(c.req.valid("json"));
      c.header("Location", `/promotions/${created.id}`);
      return c.json(created, 201);
    },
  )
  .openapi(
    defineRoute(routes.getPromotion, {
      summary: "Get one of your promotions",
      request: { params: IdParam },
      responses: {
        200: jsonContent(Promotion.Info, "The promotion"),
        ...errorResponses(401, 403, 404, 503),
      },
    }),
    async (c) => c.json(await Promotion.get(c.req.valid("param").id), 200),
  )
  .openapi(
    defineRoute(routes.updatePromotion, {
      summary: "Change some fields of one of your promotions",
      request: {
        params: IdParam,
        body: { ...jsonContent(Promotion.UpdateInput, "The fields to change"), required: true },
      },
      responses: {
        200: jsonContent(Promotion.Info, "The updated promotion"),
        ...errorResponses(400, 401, 403, 404, 409, 415, 503),
      },
    }),
    async (c) => c.json(await Promotion.update(c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(
    defineRoute(routes.archivePromotion, {
      summary: "Archive one of your promotions (idempotent)",
      request: { params: IdParam },
      responses: {
        200: jsonContent(Promotion.Info, "The archived promotion"),
        ...errorResponses(401, 403, 404, 503),
      },
    }),
    async (c) => c.json(await Promotion.archive(c.req.valid("param").id), 200),
  );
