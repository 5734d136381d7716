import type { Status } from "@promotions/core/promotion/schema";

export function StatusBadge({ status }: { status: Status }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}
