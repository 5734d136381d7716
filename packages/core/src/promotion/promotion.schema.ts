/**
 * The promotion's public shapes. Shared by the service, the API (validation and OpenAPI) and the
 * web form, so this module imports nothing but zod.
 */
import { z } from "zod";

export const Status = z
  .enum(["scheduled", "active", "expired", "archived"])
  .meta({ description: "Derived from the dates and `archivedAt`; never stored" });
export type Status = z.infer<typeof Status>;

const currencies = new Set(Intl.supportedValuesOf("currency"));

export const Discount = z
  .discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("percent"),
      value: z.int().min(1).max(100).meta({ description: "Percentage off, 1–100" }),
    }),
    z.strictObject({
      type: z.literal("amount"),
      value: z.int().min(1).max(2_147_483_647).meta({ description: "Amount off in minor units (cents)" }),
      currency: z
        .string()
        .refine((code) => currencies.has(code), "Expected an ISO 4217 currency code such as EUR")
        .meta({ description: "ISO 4217 code", example: "EUR" }),
    }),
  ])
  .meta({ id: "Discount" });
export type Discount = z.infer<typeof Discount>;

/** What PostgreSQL's timestamptz stores, as this API accepts it: years 0001 to 9999 once in UTC. */
const FIRST_INSTANT = Date.parse("0001-01-01T00:00:00.000Z");
const LAST_INSTANT = Date.parse("9999-12-31T23:59:59.999Z");

const Timestamp = z.iso
  .datetime({ offset: true })
  .refine((value) => {
    const instant = Date.parse(value);
    return instant >= FIRST_INSTANT && instant <= LAST_INSTANT;
  }, "Must fall between the years 0001 and 9999 in UTC")
  .meta({ description: "ISO 8601 date-time with offset", example: "2026-12-01T00:00:00Z" });

/** PostgreSQL's text types cannot store a NUL character. */
const hasNoNul = (value: string) => !value.includes("\u0000");
const NUL_MESSAGE = "Must not contain a NUL character";

const fields = {
  title: z.string().trim().min(1).max(120).refine(hasNoNul, NUL_MESSAGE),
  description: z.string().max(2000).refine(hasNoNul, NUL_MESSAGE),
  code: z
    .string()
    .trim()
    .toUpperCase()
    .min(3)
    .max(32)
    .regex(/^[A-Z0-9-]+$/, "Use only letters A–Z, digits and '-'")
    .meta({
      description: "Unique among the owner's live promotions; stored upper-case",
      example: "WINTER-25",
    }),
  discount: Discount,
  startsAt: Timestamp,
  endsAt: Timestamp,
};

const windowIsOrdered = (value: { startsAt?: string; endsAt?: string }) =>
  value.startsAt === undefined ||
  value.endsAt === undefined ||
  Date.parse(value.startsAt) < Date.parse(value.endsAt);
const windowMessage = { message: "endsAt must be after startsAt", path: ["endsAt"] };

/**
 * Unknown keys such as `ownerSub` or `createdBy` are rejected: the server owns them. The
 * description is optional (stored as ""), and optional it stays in the document: a default here
 * would make generated clients require it, since their request types follow the parsed shape.
 */
export const CreateInput = z
  .strictObject({ ...fields, description: fields.description.optional() })
  .refine(windowIsOrdered, windowMessage)
  .meta({ id: "CreatePromotion" });
export type CreateInput = z.input<typeof CreateInput>;

export const UpdateInput = z
  .strictObject(fields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "Send at least one field to change")
  .refine(windowIsOrdered, windowMessage)
  .meta({ id: "UpdatePromotion" });
export type UpdateInput = z.input<typeof UpdateInput>;

/** Query parameters arrive as strings; repeated `status` arrives comma-joined from API Gateway. */
export const ListInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).optional().meta({ description: "`nextCursor` of the previous page" }),
  status: z
    .union([
      z.array(Status),
      z
        .string()
        .transform((value) => value.split(",").map((part) => part.trim()))
        .pipe(z.array(Status)),
    ])
    .optional()
    .meta({ description: "One status or several, comma-separated; default: all but archived" }),
  owner: z
    .enum(["me", "all"])
    .default("me")
    .meta({ description: "`all` lists every owner's promotions (administrators only)" }),
});
export type ListInput = z.input<typeof ListInput>;

export const Info = z
  .object({
    id: z.string().meta({ example: "prm_01JDQ7Z8X5V3K2M4N6P8R0T2W4" }),
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
    archivedAt: z.string().nullable(),
    createdBy: z.string(),
    updatedBy: z.string(),
    version: z.int().meta({ description: "Bumped by every change; the `ETag` header carries it" }),
  })
  .meta({ id: "Promotion" });
export type Info = z.infer<typeof Info>;

export const Page = z
  .object({ data: z.array(Info), nextCursor: z.string().nullable() })
  .meta({ id: "PromotionPage" });
export type Page = z.infer<typeof Page>;
