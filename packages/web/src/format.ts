import type { Discount } from "@promotions/core/promotion/schema";

/** Digits after the decimal point for a currency (2 for EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

export function formatDiscount(discount: Discount): string {
  if (discount.type === "percent") return `${discount.value}% off`;
  const amount = discount.value / 10 ** minorDigits(discount.currency);
  return `${new Intl.NumberFormat(undefined, { style: "currency", currency: discount.currency }).format(amount)} off`;
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(iso),
  );
}

/** An ISO instant as the value of an <input type="datetime-local"> (local time, minutes). */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** The value of an <input type="datetime-local"> as an ISO instant; "" stays "". */
export function fromLocalInput(value: string): string {
  return value ? new Date(value).toISOString() : "";
}
