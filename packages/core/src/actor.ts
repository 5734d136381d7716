import { z } from "zod";
import { createContext } from "./context";
import { VisibleError } from "./error";

/**
 * API Gateway flattens arrays into one string, "[admin editors]". Tokens from other sources
 * may carry a JSON array string or a real array; all three mean the same list.
 */
const StringList = z.union([
  z.array(z.string()),
  z.string().transform((value, ctx) => {
    const text = value.trim();
    const bracketed = text.startsWith("[") && text.endsWith("]");
    const inner = bracketed ? text.slice(1, -1).trim() : text;
    if (!inner.startsWith('"') && !/[[\]]/.test(inner)) return inner.split(/\s+/).filter(Boolean);
    const list = z.array(z.string()).safeParse(bracketed ? safeJson(text) : undefined);
    if (list.success) return list.data;
    ctx.addIssue({ code: "custom", message: "Expected a list such as [admin editors]" });
    return z.NEVER;
  }),
]);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Seconds since the epoch, as API Gateway passes it ("1767225600") or as a JWT holds it. */
const NumericDate = z.union([
  z.string().regex(/^\d+$/, "Expected seconds since the epoch").transform(Number),
  z.number().int().nonnegative(),
]);

/**
 * The claims of a verified Cognito token exactly as API Gateway's JWT authorizer hands them to
 * Lambda (`event.requestContext.authorizer.jwt.claims`), normalised into what the app uses.
 */
export const Claims = z
  .object({
    sub: z.string().trim().min(1, "sub must not be empty"),
    username: z.string().min(1).optional(),
    "cognito:username": z.string().min(1).optional(),
    email: z.email().optional(),
    "cognito:groups": StringList.optional(),
    scope: z.string().optional(),
    token_use: z.enum(["access", "id"]).optional(),
    client_id: z.string().optional(),
    iss: z.string().optional(),
    exp: NumericDate.optional(),
    iat: NumericDate.optional(),
  })
  .transform((claims) => ({
    sub: claims.sub,
    username: claims.username ?? claims["cognito:username"] ?? claims.sub,
    ...(claims.email === undefined ? {} : { email: claims.email }),
    groups: claims["cognito:groups"] ?? [],
    scopes: claims.scope?.split(/\s+/).filter(Boolean) ?? [],
  }));
export type Claims = z.output<typeof Claims>;

export type Actor = { type: "user"; properties: Claims } | { type: "public" } | { type: "system" };

const ActorContext = createContext<Actor>("actor");

/** The caller of the current request; throws `ContextNotFoundError` outside `withActor`. */
export const useActor = ActorContext.use;
export const withActor = ActorContext.with;

/** The current actor, which must be of `type`; anything else is an `auth` error (401). */
export function assertActor<T extends Actor["type"]>(type: T): Extract<Actor, { type: T }> {
  const actor = useActor();
  if (actor.type !== type) {
    throw new VisibleError("auth", "unauthorized", `This needs a ${type} caller, not ${actor.type}`);
  }
  return actor as Extract<Actor, { type: T }>;
}

/** The signed-in user's claims; a public or system caller gets an `auth` error (401). */
export function useClaims(): Claims {
  return assertActor("user").properties;
}

/** Who to write in `created_by` / `updated_by`. */
export function useActorId(): string {
  const actor = useActor();
  return actor.type === "user" ? actor.properties.sub : actor.type;
}
