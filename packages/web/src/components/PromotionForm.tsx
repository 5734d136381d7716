import type { ErrorIssue } from "@promotions/core/error";
import { CreateInput, type Info, UpdateInput } from "@promotions/core/promotion/schema";
import { type FormEvent, useId, useRef, useState } from "react";
import { ApiError } from "../api";
import { fromLocalInput, minorDigits, toLocalInput } from "../format";

type Fields = {
  title: string;
  description: string;
  code: string;
  discountType: "percent" | "amount";
  value: string;
  currency: string;
  startsAt: string;
  endsAt: string;
};
type FieldName = keyof Fields;
type FieldErrors = Partial<Record<FieldName | "form", string>>;

const day = 24 * 60 * 60 * 1000;

function initialFields(promotion?: Info): Fields {
  if (!promotion) {
    return {
      title: "",
      description: "",
      code: "",
      discountType: "percent",
      value: "10",
      currency: "EUR",
      startsAt: toLocalInput(new Date().toISOString()),
      endsAt: toLocalInput(new Date(Date.now() + 7 * day).toISOString()),
    };
  }
  const { discount } = promotion;
  return {
    title: promotion.title,
    description: promotion.description,
    code: promotion.code,
    discountType: discount.type,
    value:
      discount.type === "percent"
        ? String(discount.value)
        : String(discount.value / 10 ** minorDigits(discount.currency)),
    currency: discount.type === "amount" ? discount.currency : "EUR",
    startsAt: toLocalInput(promotion.startsAt),
    endsAt: toLocalInput(promotion.endsAt),
  };
}

/** The request body the API expects, built from what the user typed. */
function toInput(fields: Fields) {
  const value = Number(fields.value);
  const currency = fields.currency.trim().toUpperCase();
  return {
    title: fields.title,
    description: fields.description,
    code: fields.code,
    discount:
      fields.discountType === "percent"
        ? { type: "percent" as const, value }
        : { type: "amount" as const, value: Math.round(value * 10 ** minorDigits(currency)), currency },
    startsAt: fromLocalInput(fields.startsAt),
    endsAt: fromLocalInput(fields.endsAt),
  };
}

/** Puts each issue beside its field: `discount.value` belongs to the value input, and so on. */
function fieldErrors(issues: ErrorIssue[], fallback: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const [head, sub] = issue.path.split(".");
    const field: FieldName | "form" =
      head === "discount"
        ? sub === "currency"
          ? "currency"
          : sub === "type"
            ? "discountType"
            : "value"
        : ((head || "form") as FieldName);
    errors[field] ??= issue.message;
  }
  if (Object.keys(errors).length === 0) errors.form = fallback;
  return errors;
}

interface Props {
  promotion?: Info;
  /** `idempotencyKey` stays the same while the user retries the same input, so a lost answer is never a second promotion. */
  onSave(input: ReturnType<typeof toInput>, idempotencyKey: string): Promise<void>;
  onCancel(): void;
}

/** Create and edit in one form, checked with the API's own zod schemas before it is sent. */
export function PromotionForm({ promotion, onSave, onCancel }: Props) {
  const [fields, setFields] = useState(() => initialFields(promotion));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const attempt = useRef<{ body: string; key: string } | undefined>(undefined);
  const id = useId();

  const set = (name: FieldName) => (event: { target: { value: string } }) =>
    setFields((current) => ({ ...current, [name]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = toInput(fields);
    const check = (promotion ? UpdateInput : CreateInput).safeParse(input);
    if (!check.success) {
      setErrors(
        fieldErrors(
          check.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
          "Check the form",
        ),
      );
      return;
    }
    setSaving(true);
    setErrors({});
    const body = JSON.stringify(input);
    if (attempt.current?.body !== body) attempt.current = { body, key: crypto.randomUUID() };
    try {
      await onSave(input, attempt.current.key);
    } catch (error) {
      setErrors(
        error instanceof ApiError ? fieldErrors(error.issues, error.message) : { form: String(error) },
      );
    } finally {
      setSaving(false);
    }
  }

  const field = (name: FieldName, label: string, input: React.ReactElement) => (
    <div className={`field field-${name}`}>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {input}
      {errors[name] && (
        <p className="field-error" id={`${id}-${name}-error`} role="alert" data-field={name}>
          {errors[name]}
        </p>
      )}
    </div>
  );
  const common = (name: FieldName) => ({
    id: `${id}-${name}`,
    name,
    value: fields[name],
    onChange: set(name),
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `${id}-${name}-error` : undefined,
  });

  return (
    <form
      className="card form"
      onSubmit={submit}
      noValidate
      aria-label={promotion ? "Edit promotion" : "New promotion"}
    >
      <h2>{promotion ? "Edit promotion" : "New promotion"}</h2>
      {field("title", "Title", <input {...common("title")} maxLength={120} />)}
      {field("description", "Description", <textarea {...common("description")} rows={3} />)}
      {field(
        "code",
        "Code",
        <input {...common("code")} placeholder="WINTER-25" autoCapitalize="characters" />,
      )}
      <div className="row">
        {field(
          "discountType",
          "Discount",
          <select {...common("discountType")}>
            <option value="percent">Percent off</option>
            <option value="amount">Amount off</option>
          </select>,
        )}
        {field(
          "value",
          fields.discountType === "percent" ? "Percent" : "Amount",
          <input {...common("value")} inputMode="decimal" />,
        )}
        {fields.discountType === "amount" &&
          field("currency", "Currency", <input {...common("currency")} maxLength={3} placeholder="EUR" />)}
      </div>
      <div className="row">
        {field("startsAt", "Starts", <input {...common("startsAt")} type="datetime-local" />)}
        {field("endsAt", "Ends", <input {...common("endsAt")} type="datetime-local" />)}
      </div>
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={saving}>
          {saving ? "Saving…" : promotion ? "Save changes" : "Create promotion"}
        </button>
      </div>
    </form>
  );
}
