import type { Info, Status } from "@promotions/core/promotion/schema";
import { useCallback, useEffect, useState } from "react";
import { ApiError, api, unwrap } from "../api";
import { formatDate, formatDiscount } from "../format";
import { ConfirmDialog } from "./ConfirmDialog";
import { PromotionForm } from "./PromotionForm";
import { StatusBadge } from "./StatusBadge";

const FILTERS: { label: string; status?: Status }[] = [
  { label: "All live" },
  { label: "Active", status: "active" },
  { label: "Scheduled", status: "scheduled" },
  { label: "Expired", status: "expired" },
  { label: "Archived", status: "archived" },
];

type Editing = { mode: "closed" } | { mode: "create" } | { mode: "edit"; promotion: Info };

/** The signed-in user's promotions (or everyone's, read-only, for an admin who asks). */
type SaveInput = Parameters<React.ComponentProps<typeof PromotionForm>["onSave"]>[0];

/** The fields the user changed, compared with the promotion as it was read. */
function changedFields(promotion: Info, input: SaveInput): Partial<SaveInput> {
  const changes: Partial<Record<keyof SaveInput, unknown>> = {};
  for (const key of Object.keys(input) as (keyof SaveInput)[]) {
    const before = key === "startsAt" || key === "endsAt" ? Date.parse(promotion[key]) : promotion[key];
    const after = key === "startsAt" || key === "endsAt" ? Date.parse(input[key]) : input[key];
    if (JSON.stringify(before) !== JSON.stringify(after)) changes[key] = input[key];
  }
  return changes as Partial<SaveInput>;
}

/** A 412 means someone else saved first: say so, rather than the API's terse precondition message. */
function explainConflict(error: unknown): never {
  if (error instanceof ApiError && error.status === 412) {
    throw new ApiError(
      412,
      error.code,
      "Someone else changed this promotion while you were editing it. Close the form to see their version, then make your change again.",
    );
  }
  throw error;
}

export function Promotions({ isAdmin }: { isAdmin: boolean }) {
  const [status, setStatus] = useState<Status | undefined>();
  const [everyone, setEveryone] = useState(false);
  const [items, setItems] = useState<Info[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<Editing>({ mode: "closed" });
  const [archiving, setArchiving] = useState<Info>();

  const load = useCallback(
    async (after?: string) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await unwrap(
          api.promotions.$get({
            query: {
              limit: "20",
              ...(status ? { status } : {}),
              ...(after ? { cursor: after } : {}),
              ...(everyone ? { owner: "all" as const } : {}),
            },
          }),
        );
        setItems((current) => (after ? [...current, ...page.data] : page.data));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(e instanceof ApiError ? e.message : String(e));
      } finally {
        setLoading(false);
      }
    },
    [status, everyone],
  );

  useEffect(() => {
    void load();
  }, [load]);

  async function save(input: SaveInput, idempotencyKey: string) {
    if (editing.mode === "edit") {
      const { promotion } = editing;
      const changes = changedFields(promotion, input);
      if (Object.keys(changes).length > 0) {
        await unwrap(
          api.promotions[":id"].$patch({
            param: { id: promotion.id },
            // Only if nobody changed it since it was read: their change is not overwritten.
            header: { "if-match": `"${promotion.version}"` },
            json: changes,
          }),
        ).catch(explainConflict);
      }
    } else {
      await unwrap(api.promotions.$post({ header: { "idempotency-key": idempotencyKey }, json: input }));
    }
    setEditing({ mode: "closed" });
    await load();
  }

  async function archive(promotion: Info) {
    setArchiving(undefined);
    try {
      await unwrap(
        api.promotions[":id"].$delete({
          param: { id: promotion.id },
          header: { "if-match": `"${promotion.version}"` },
        }),
      ).catch(explainConflict);
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  const readOnly = everyone;
  return (
    <section aria-labelledby="promotions-heading">
      <div className="toolbar">
        <h1 id="promotions-heading">{everyone ? "Everyone's promotions" : "Your promotions"}</h1>
        {!readOnly && editing.mode === "closed" && (
          <button type="button" className="primary" onClick={() => setEditing({ mode: "create" })}>
            New promotion
          </button>
        )}
      </div>

      <fieldset className="filters">
        <legend className="visually-hidden">Filter by status</legend>
        {FILTERS.map((filter) => (
          <button
            type="button"
            key={filter.label}
            aria-pressed={status === filter.status}
            onClick={() => setStatus(filter.status)}
          >
            {filter.label}
          </button>
        ))}
        {isAdmin && (
          <label className="toggle">
            <input type="checkbox" checked={everyone} onChange={(e) => setEveryone(e.target.checked)} />
            Everyone's (read-only)
          </label>
        )}
      </fieldset>

      {editing.mode !== "closed" && (
        <PromotionForm
          key={editing.mode === "edit" ? editing.promotion.id : "new"}
          {...(editing.mode === "edit" ? { promotion: editing.promotion } : {})}
          onSave={save}
          onCancel={() => setEditing({ mode: "closed" })}
        />
      )}

      {error && (
        <p className="error" role="alert">
          {error}{" "}
          <button type="button" className="link" onClick={() => void load()}>
            Retry
          </button>
        </p>
      )}

      {!loading && !error && items.length === 0 && (
        <p className="empty">
          {status ? `No ${status} promotions.` : "No promotions yet. Create your first one."}
        </p>
      )}

      <ul className="list" aria-busy={loading}>
        {items.map((promotion) => (
          <li key={promotion.id} className="card promotion" data-code={promotion.code}>
            <div className="promotion-head">
              <h3>{promotion.title}</h3>
              <StatusBadge status={promotion.status} />
            </div>
            <p className="meta">
              <code>{promotion.code}</code> · {formatDiscount(promotion.discount)} ·{" "}
              {formatDate(promotion.startsAt)} → {formatDate(promotion.endsAt)}
              {everyone && <> · owner {promotion.ownerSub.slice(0, 8)}</>}
            </p>
            {promotion.description && <p>{promotion.description}</p>}
            {!readOnly && promotion.status !== "archived" && (
              <div className="actions">
                <button type="button" onClick={() => setEditing({ mode: "edit", promotion })}>
                  Edit
                </button>
                <button type="button" className="danger" onClick={() => setArchiving(promotion)}>
                  Archive
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>

      {archiving && (
        <ConfirmDialog
          title="Archive this promotion?"
          message={`“${archiving.title}” stops applying, and its code ${archiving.code} can be used again.`}
          confirmLabel="Archive"
          onConfirm={() => void archive(archiving)}
          onCancel={() => setArchiving(undefined)}
        />
      )}

      {loading && <p className="muted">Loading…</p>}
      {cursor && !loading && (
        <button type="button" className="more" onClick={() => void load(cursor)}>
          Load more
        </button>
      )}
    </section>
  );
}
