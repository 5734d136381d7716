/**
 * The promotion's public shapes. Shared by the service, the API (validation and OpenAPI) and the
 * web form, so this module imports nothing but zod (mini: it runs in the Lambda and the browser).
 */
import * as z from "zod/mini";
// English error messages, for the web form that parses with these schemas too.
import "../zod";

export const Status = z.enum(["scheduled", "active", "expired", "archived"]).register(z.globalRegistry, {
  description: "Derived from the dates and `archivedAt`; never stored",
});
export type Status = z.infer<typeof Status>;

/** `build`'s result, built at the first call and the same at every call after. */
function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/**
 * What a write validates, built on first use: building a zod schema is work, and a cold start that
 * serves a read (most do) then builds none of these. Each is exported through `z.lazy`, which builds
 * it at its first parse, or when the OpenAPI generator reads it; all from one memoised builder, so
 * that each exists once (a schema's OpenAPI id may be registered only once).
 */
function buildWriteSchemas() {
  const currencies = new Set(Intl.supportedValuesOf("currency"));

  const Discount = z
    .discriminatedUnion("type", [
      z.strictObject({
        type: z.literal("percent"),
        value: z
          .int()
          .check(z.minimum(1), z.maximum(100))
          .register(z.globalRegistry, { description: "Percentage off, 1–100" }),
      }),
      z.strictObject({
        type: z.literal("amount"),
        value: z.int().check(z.minimum(1), z.maximum(2_147_483_647)).register(z.globalRegistry, {
          description: "Amount off in minor units (cents)",
        }),
        currency: z
          .string()
          .check(z.refine((code) => currencies.has(code), "Expected an ISO 4217 currency code such as EUR"))
          .register(z.globalRegistry, { description: "ISO 4217 code", example: "EUR" }),
      }),
    ])
    .register(z.globalRegistry, { id: "Discount" });

  /** What PostgreSQL's timestamptz stores, as this API accepts it: years 0001 to 9999 once in UTC. */
  const FIRST_INSTANT = Date.parse("0001-01-01T00:00:00.000Z");
  const LAST_INSTANT = Date.parse("9999-12-31T23:59:59.999Z");

  const Timestamp = z.iso
    .datetime({ offset: true })
    .check(
      z.refine((value) => {
        const instant = Date.parse(value);
        return instant >= FIRST_INSTANT && instant <= LAST_INSTANT;
      }, "Must fall between the years 0001 and 9999 in UTC"),
    )
    .register(z.globalRegistry, {
      description: "ISO 8601 date-time with offset",
      example: "2026-12-01T00:00:00Z",
    });

  /** PostgreSQL's text types cannot store a NUL character. */
  const hasNoNul = z.refine<string>((value) => !value.includes("\u0000"), "Must not contain a NUL character");

  const fields = {
    title: z.string().check(z.trim(), z.minLength(1), z.maxLength(120), hasNoNul),
    description: z.string().check(z.maxLength(2000), hasNoNul),
    code: z
      .string()
      .check(
        z.trim(),
        z.toUpperCase(),
        z.minLength(3),
        z.maxLength(32),
        z.regex(/^[A-Z0-9-]+$/, "Use only letters A–Z, digits and '-'"),
      )
      .register(z.globalRegistry, {
        description: "Unique among the owner's live promotions; stored upper-case",
        example: "WINTER-25",
      }),
    discount: Discount,
    startsAt: Timestamp,
    endsAt: Timestamp,
  };

  const windowIsOrdered = z.refine<{ startsAt?: string; endsAt?: string }>(
    (value) =>
      value.startsAt === undefined ||
      value.endsAt === undefined ||
      Date.parse(value.startsAt) < Date.parse(value.endsAt),
    { message: "endsAt must be after startsAt", path: ["endsAt"] },
  );

  /**
   * Unknown keys such as `ownerSub` or `createdBy` are rejected: the server owns them. The
   * description is optional (stored as ""), and optional it stays in the document: a default here
   * would make generated clients require it, since their request types follow the parsed shape.
   */
  const CreateInput = z
    .strictObject({ ...fields, description: z.optional(fields.description) })
    .check(windowIsOrdered)
    .register(z.globalRegistry, { id: "CreatePromotion" });

  const UpdateInput = z
    .partial(z.strictObject(fields))
    .check(
      z.refine((patch) => Object.keys(patch).length > 0, "Send at least one field to change"),
      windowIsOrdered,
    )
    .register(z.globalRegistry, { id: "UpdatePromotion" });

  return { Discount, CreateInput, UpdateInput };
}
const write = once(buildWriteSchemas);

export const Discount = z.lazy(() => write().Discount);
export type Discount = z.infer<typeof Discount>;

export const CreateInput = z.lazy(() => write().CreateInput);
export type CreateInput = z.input<typeof CreateInput>;

export const UpdateInput = z.lazy(() => write().UpdateInput);
export type UpdateInput = z.input<typeof UpdateInput>;

/** Query parameters arrive as strings; repeated `status` arrives comma-joined from API Gateway. */
export const ListInput = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
  cursor: z.optional(z.string().check(z.minLength(1))).register(z.globalRegistry, {
    description: "`nextCursor` of the previous page",
  }),
  status: z
    .optional(
      z.union([
        z.array(Status),
        z.pipe(
          z.string(),
          z.pipe(
            z.transform((value: string) => value.split(",").map((part) => part.trim())),
            z.array(Status),
          ),
        ),
      ]),
    )
    .register(z.globalRegistry, {
      description: "One status or several, comma-separated; default: all but archived",
    }),
  owner: z._default(z.enum(["me", "all"]), "me").register(z.globalRegistry, {
    description: "`all` lists every owner's promotions (administrators only)",
  }),
});
export type ListInput = z.input<typeof ListInput>;

/**
 * The answers' shapes, for their types and the OpenAPI document: no answer is validated at run
 * time (the service's types guarantee them), so, like the write schemas, they are built only
 * when something reads them — the generator, at build time. One builder, memoised: zod's JSON
 * Schema conversion calls a lazy schema's getter more than once, and a second `Promotion` would
 * be a second schema with the same id.
 */
function buildAnswerSchemas() {
  const Info = z
    .object({
      id: z.string().register(z.globalRegistry, { example: "prm_01JDQ7Z8X5V3K2M4N6P8R0T2W4" }),
      ownerSub: z.string(),
      title: z.string(),
      description: z.string(),
      code: z.string(),
      discount: Discount,
      startsAt: z.string(),
      endsAt: z.string(),
      status: Status,
      createdAt: z.string(),
      updatedAt: z.string(),
      archivedAt: z.nullable(z.string()),
      createdBy: z.string(),
      updatedBy: z.string(),
      version: z
        .int()
        .register(z.globalRegistry, { description: "Bumped by every change; the `ETag` header carries it" }),
    })
    .register(z.globalRegistry, { id: "Promotion" });
  const Page = z
    .object({ data: z.array(Info), nextCursor: z.nullable(z.string()) })
    .register(z.globalRegistry, {
      id: "PromotionPage",
    });
  return { Info, Page };
}
const answers = once(buildAnswerSchemas);

export const Info = z.lazy(() => answers().Info);
export type Info = z.infer<typeof Info>;

export const Page = z.lazy(() => answers().Page);
export type Page = z.infer<typeof Page>;
