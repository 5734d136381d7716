/**
 * Idempotency-Key (IETF httpapi draft): a client that sends the same key again — because an
 * answer was lost — gets the first answer back instead of a second write. Keys belong to the
 * caller and expire after a day.
 */
import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import * as z from "zod/mini";
import { useClaims } from "../actor";
import { createTransaction, useTransaction } from "../drizzle/transaction";
import { VisibleError } from "../error";
import "../zod";
import { idempotencyKeyTable } from "./idempotency.sql";

/** How long a key is remembered, and how long a request may hold it before it counts as abandoned. */
const TTL = "24 hours";
const LEASE = "60 seconds";

/** Printable ASCII without spaces at the ends, as the draft's examples use (a UUID is typical). */
export const Key = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(255),
    z.regex(/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/, "Use 1–255 printable ASCII characters"),
  )
  .register(z.globalRegistry, {
    description: "A unique value per operation, e.g. a UUID; resend it when retrying",
    example: "8e03978e-40d5-43e8-bc93-6894a57f9324",
  });

/** What is replayed: the status, body and headers of the first successful answer. */
export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** The fingerprint of a request: the same input, however its JSON was spelled, gives the same one. */
export function fingerprint(input: unknown): string {
  return createHash("sha256").update(JSON.stringify(input)).digest("hex");
}

function reused(): VisibleError {
  return new VisibleError(
    "unprocessable",
    "idempotency_key_reused",
    "This Idempotency-Key was used with another request body",
    [{ path: "Idempotency-Key", message: "Send a new key for a different request" }],
  );
}

function inFlight(): VisibleError {
  return new VisibleError(
    "conflict",
    "idempotency_key_in_flight",
    "A request with this Idempotency-Key is still being processed; retry shortly",
    [{ path: "Idempotency-Key", message: "In use by a request that has not finished" }],
  );
}

/**
 * Runs `produce` once per (caller, key): its answer is stored in the same transaction as its
 * writes, so a retry after a lost answer — even one lost after COMMIT — replays exactly what was
 * committed. A failure stores nothing, so the key can be retried.
 */
export async function once(
  key: string,
  requestFingerprint: string,
  produce: () => Promise<StoredResponse>,
): Promise<{ response: StoredResponse; replayed: boolean }> {
  const { sub } = useClaims();
  const t = idempotencyKeyTable;
  const mine = and(eq(t.ownerSub, sub), eq(t.key, key));

  // Claim the key in a transaction of its own, so a concurrent request sees it as in flight.
  const claimed = await createTransaction(async (tx) => {
    await tx.delete(t).where(and(eq(t.ownerSub, sub), lt(t.expiresAt, sql`now()`)));
    return tx
      .insert(t)
      .values({
        ownerSub: sub,
        key,
        fingerprint: requestFingerprint,
        lockedUntil: sql`now() + ${LEASE}::interval`,
        expiresAt: sql`now() + ${TTL}::interval`,
      })
      .onConflictDoUpdate({
        target: [t.ownerSub, t.key],
        set: { fingerprint: requestFingerprint, lockedUntil: sql`now() + ${LEASE}::interval` },
        // Only an abandoned claim (no answer, lease over) may be taken over.
        setWhere: and(sql`${t.response} is null`, lt(t.lockedUntil, sql`now()`)),
      })
      .returning({ key: t.key });
  });

  if (claimed.length === 0) {
    const [existing] = await useTransaction((tx) => tx.select().from(t).where(mine));
    if (!existing) throw inFlight(); // released a moment ago: the client retries and claims it
    if (existing.fingerprint !== requestFingerprint) throw reused();
    if (existing.status === null) throw inFlight();
    return { response: existing.response as StoredResponse, replayed: true };
  }

  try {
    const response = await createTransaction(async (tx) => {
      const produced = await produce();
      await tx.update(t).set({ status: produced.status, response: produced }).where(mine);
      return produced;
    });
    return { response, replayed: false };
  } catch (error) {
    // Nothing was written: free the key for the retry (if this fails too, the lease runs out).
    await useTransaction((tx) => tx.delete(t).where(and(mine, sql`${t.response} is null`))).catch(() => {});
    throw error;
  }
}
