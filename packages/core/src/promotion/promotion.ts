import { and, desc, eq, gt, isNotNull, isNull, lt, lte, or, type SQL, type SQLWrapper } from "drizzle-orm";
import * as z from "zod/mini";
import { useActorId, useClaims } from "../actor";
import { isUniqueViolation } from "../drizzle/error";
import { preparedRead } from "../drizzle/prepared";
import { createTransaction } from "../drizzle/transaction";
import { VisibleError } from "../error";
import { fn, parse } from "../fn";
import "../zod";
import { createId, isId } from "../id";
import { CreateInput, type Info, ListInput, type Page, type Status, UpdateInput } from "./promotion.schema";
import { type PromotionRow, promotionTable } from "./promotion.sql";

export * from "./promotion.schema";

/** Statuses listed when the caller names none: everything still in play or past, not archived. */
const DEFAULT_STATUSES: Status[] = ["scheduled", "active", "expired"];

function deriveStatus(row: PromotionRow, now: Date): Status {
  if (row.archivedAt) return "archived";
  if (now < row.startsAt) return "scheduled";
  if (now < row.endsAt) return "active";
  return "expired";
}

function statusCondition(status: Status, now: Date | SQLWrapper): SQL | undefined {
  const { archivedAt, startsAt, endsAt } = promotionTable;
  switch (status) {
    case "archived":
      return isNotNull(archivedAt);
    case "scheduled":
      return and(isNull(archivedAt), gt(startsAt, now));
    case "active":
      return and(isNull(archivedAt), lte(startsAt, now), gt(endsAt, now));
    case "expired":
      return and(isNull(archivedAt), lte(endsAt, now));
  }
}

/**
 * The rows in any of `statuses`. Every status but `archived` is a slice of the unarchived rows by
 * time, so all three of them together (the default) need no time at all.
 */
function statusesCondition(statuses: Status[], now: Date | SQLWrapper): SQL | undefined {
  const unarchived = new Set(statuses.filter((status) => status !== "archived"));
  if (unarchived.size === 3)
    return statuses.includes("archived") ? undefined : isNull(promotionTable.archivedAt);
  return or(...statuses.map((status) => statusCondition(status, now)));
}

/** Rows as the API shows them; `now` is passed so a list filters and labels at one instant. */
function transformPromotions(rows: PromotionRow[], now = new Date()): Info[] {
  return rows.map((row) => ({
    id: row.id,
    ownerSub: row.ownerSub,
    title: row.title,
    description: row.description,
    code: row.code,
    discount:
      row.discountType === "percent"
        ? { type: "percent", value: row.discountValue }
        : { type: "amount", value: row.discountValue, currency: row.discountCurrency ?? "" },
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    status: deriveStatus(row, now),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
    version: row.version,
  }));
}

function transformPromotion(row: PromotionRow): Info {
  return transformPromotions([row])[0] as Info;
}

/** Cursors are opaque to clients: the id of the last row of the page, base64url-encoded. */
const Cursor = z
  .pipe(
    z.string(),
    z.transform((cursor: string) => Buffer.from(cursor, "base64url").toString("utf8")),
  )
  .check(z.refine((id) => isId("promotion", id), "Invalid cursor"));

const encodeCursor = (id: string) => Buffer.from(id, "utf8").toString("base64url");

function notFound(): VisibleError {
  return new VisibleError("not_found", "promotion_not_found", "Promotion not found");
}

function codeTaken(error: unknown): VisibleError {
  return new VisibleError(
    "conflict",
    "promotion_code_taken",
    "You already have a live promotion with this code",
    [{ path: "code", message: "Already used by another of your promotions" }],
    { cause: error },
  );
}

/** Only the owner's rows exist for them: another user's promotion reads exactly like a missing one. */
function ownedBy(id: string, sub: string): SQL | undefined {
  return and(eq(promotionTable.id, id), eq(promotionTable.ownerSub, sub));
}

function discountColumns(discount: Info["discount"]) {
  return {
    discountType: discount.type,
    discountValue: discount.value,
    discountCurrency: discount.type === "amount" ? discount.currency : null,
  };
}

type ListValues = { sub: string; after: string | undefined; now: Date; limit: number };
const listQueries = new Map<string, (values: ListValues) => Promise<PromotionRow[]>>();

/** The list's query for one shape of request (whose rows, from a cursor or not, which statuses). */
function listQuery(everyone: boolean, fromCursor: boolean, statuses: Status[]) {
  const name = `promotion_list_${everyone ? "all" : "own"}_${fromCursor ? "after" : "first"}_${statuses.join("_")}`;
  let query = listQueries.get(name);
  if (!query) {
    query = preparedRead<ListValues, PromotionRow[]>(name, (db, value) =>
      db
        .select()
        .from(promotionTable)
        .where(
          and(
            everyone ? undefined : eq(promotionTable.ownerSub, value("sub")),
            // Keyset pagination: rows inserted meanwhile get larger ids and never shift a page.
            fromCursor ? lt(promotionTable.id, value("after")) : undefined,
            statusesCondition(statuses, value("now")),
          ),
        )
        .orderBy(desc(promotionTable.id))
        .limit(value("limit")),
    );
    listQueries.set(name, query);
  }
  return query;
}

const getQuery = preparedRead<{ id: string; sub: string }, PromotionRow[]>("promotion_get", (db, value) =>
  db
    .select()
    .from(promotionTable)
    .where(and(eq(promotionTable.id, value("id")), eq(promotionTable.ownerSub, value("sub")))),
);

/** The caller's promotions, newest first; `owner: "all"` lists everyone's, for admins only. */
export const list = fn(ListInput, async (input): Promise<Page> => {
  const claims = useClaims();
  if (input.owner === "all" && !claims.groups.includes("admin")) {
    throw new VisibleError(
      "forbidden",
      "admin_only",
      "Only administrators can list every owner's promotions",
      [{ path: "owner", message: "Requires the admin group" }],
    );
  }
  const after = input.cursor === undefined ? undefined : parse(Cursor, input.cursor, ["cursor"]);
  const now = new Date();
  const statuses = [...new Set(input.status?.length ? input.status : DEFAULT_STATUSES)].sort();
  const rows = await listQuery(
    input.owner === "all",
    after !== undefined,
    statuses,
  )({
    sub: claims.sub,
    after,
    now,
    limit: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    data: transformPromotions(page, now),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.id) : null,
  };
});

export async function get(id: string): Promise<Info> {
  const { sub } = useClaims();
  if (!isId("promotion", id)) throw notFound();
  const [row] = await getQuery({ id, sub });
  if (!row) throw notFound();
  return transformPromotion(row);
}

export const create = fn(CreateInput, async (input): Promise<Info> => {
  const { sub } = useClaims();
  const actorId = useActorId();
  try {
    // A write always runs in an explicit transaction: if its INSERT is delayed on a stalled
    // network and delivered after the request was answered, no COMMIT ever follows it.
    const [row] = await createTransaction((tx) =>
      tx
        .insert(promotionTable)
        .values({
          id: createId("promotion"),
          ownerSub: sub,
          title: input.title,
          description: input.description ?? "",
          code: input.code,
          ...discountColumns(input.discount),
          startsAt: new Date(input.startsAt),
          endsAt: new Date(input.endsAt),
          createdBy: actorId,
          updatedBy: actorId,
        })
        .returning(),
    );
    return transformPromotion(row as PromotionRow);
  } catch (error) {
    if (isUniqueViolation(error, "promotion_owner_code_key")) throw codeTaken(error);
    throw error;
  }
});

/**
 * Which versions a change may apply to: those the client's `If-Match` names, or any (`"*"`, or
 * no precondition at all).
 */
export type Precondition = { ifMatch?: readonly number[] | "*" };

function assertMatches(precondition: Precondition, version: number): void {
  const { ifMatch } = precondition;
  if (ifMatch === undefined || ifMatch === "*" || ifMatch.includes(version)) return;
  throw new VisibleError(
    "precondition",
    "promotion_changed",
    "The promotion was changed since you read it; reload it and apply your change again",
    [{ path: "If-Match", message: `The current version is ${version}` }],
  );
}

/**
 * Changes the fields `patch` names, if `precondition` holds. `update.force` takes a patch this
 * same schema already parsed (an API route's validator), so it is not parsed twice — as `fn` does
 * for the functions of a single input.
 */
export const update = Object.assign(
  async (id: string, patch: UpdateInput, precondition: Precondition = {}): Promise<Info> =>
    applyUpdate(id, parse(UpdateInput, patch), precondition),
  { force: applyUpdate },
);

async function applyUpdate(
  id: string,
  changes: z.output<typeof UpdateInput>,
  precondition: Precondition = {},
): Promise<Info> {
  const { sub } = useClaims();
  if (!isId("promotion", id)) throw notFound();
  try {
    return await createTransaction(async (tx) => {
      const [current] = await tx.select().from(promotionTable).where(ownedBy(id, sub)).for("update");
      if (!current) throw notFound();
      assertMatches(precondition, current.version);
      if (current.archivedAt) {
        throw new VisibleError("conflict", "promotion_archived", "An archived promotion cannot be changed");
      }
      const startsAt = changes.startsAt === undefined ? current.startsAt : new Date(changes.startsAt);
      const endsAt = changes.endsAt === undefined ? current.endsAt : new Date(changes.endsAt);
      if (startsAt >= endsAt) {
        const path = changes.endsAt === undefined ? "startsAt" : "endsAt";
        throw new VisibleError("input", "invalid_input", `Invalid input: ${path}`, [
          { path, message: "endsAt must be after startsAt" },
        ]);
      }
      const [row] = await tx
        .update(promotionTable)
        .set({
          // drizzle leaves out keys whose value is undefined: unchanged fields are not written.
          title: changes.title,
          description: changes.description,
          code: changes.code,
          ...(changes.discount && discountColumns(changes.discount)),
          startsAt,
          endsAt,
          updatedAt: new Date(),
          updatedBy: useActorId(),
          version: current.version + 1,
        })
        .where(ownedBy(id, sub))
        .returning();
      return transformPromotion(row as PromotionRow);
    });
  } catch (error) {
    if (isUniqueViolation(error, "promotion_owner_code_key")) throw codeTaken(error);
    throw error;
  }
}

/** Archives the promotion (the API's DELETE). Archiving twice returns the archived promotion. */
export async function archive(id: string, precondition: Precondition = {}): Promise<Info> {
  const { sub } = useClaims();
  if (!isId("promotion", id)) throw notFound();
  return createTransaction(async (tx) => {
    const [current] = await tx.select().from(promotionTable).where(ownedBy(id, sub)).for("update");
    if (!current) throw notFound();
    assertMatches(precondition, current.version);
    if (current.archivedAt) return transformPromotion(current);
    const now = new Date();
    const [archived] = await tx
      .update(promotionTable)
      .set({ archivedAt: now, updatedAt: now, updatedBy: useActorId(), version: current.version + 1 })
      .where(ownedBy(id, sub))
      .returning();
    return transformPromotion(archived as PromotionRow);
  });
}
