import type { ErrorIssue } from "@promotions/core/error";
import type { App } from "@promotions/functions/api/app";
import { type ClientResponse, hc } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";
import { userManager } from "./auth";
import { config } from "./config";

/** The API's own route types, through Hono's RPC client: no request type is written by hand. */
export const api = hc<App>(config.apiUrl, {
  headers: async (): Promise<Record<string, string>> => {
    const user = await userManager.getUser();
    return user ? { authorization: `Bearer ${user.access_token}` } : {};
  },
});

/** An answer of the API that was not a success, with the fields it blames. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message);
  }
}

/** The body types of the success answers among a route's possible answers. */
type SuccessBody<R> =
  R extends ClientResponse<infer T, infer S, "json"> ? (S extends SuccessStatusCode ? T : never) : never;

/** The body of a successful answer, or an ApiError built from the error body. */
export async function unwrap<R extends ClientResponse<unknown, number, "json">>(
  request: Promise<R>,
): Promise<SuccessBody<R>> {
  let response: R;
  try {
    response = await request;
  } catch {
    throw new ApiError(0, "network", "Cannot reach the API. Check your connection and try again.");
  }
  if (response.ok) return (await response.json()) as SuccessBody<R>;
  if (response.status === 401) {
    await userManager.removeUser();
    throw new ApiError(401, "unauthorized", "Your session has ended. Please sign in again.");
  }
  const body = (await response.json().catch(() => ({}))) as {
    error?: { code: string; message: string; issues?: ErrorIssue[] };
    message?: string;
  };
  throw new ApiError(
    response.status,
    body.error?.code ?? "error",
    body.error?.message ?? body.message ?? `The API answered ${response.status}`,
    body.error?.issues ?? [],
  );
}
