import * as z from "zod/mini";
import "./zod";
import { createContext } from "./context";
import { VisibleError } from "./error";

/**
 * A list claim as API Gateway's JWT authorizer hands it over: flattened to one string, "[admin
 * editors]" — the elements joined by spaces, nothing quoted or escaped (Cognito group names hold
 * no spaces, so the split is exact and "[beta]" or 'a]b' stay whole). A real array (a token read
 * without API Gateway) is taken as it is.
 */
const StringList = z.union([
  z.array(z.string()),
  z.pipe(
    z.string(),
    z.transform((value: string) => {
      const inner = value.startsWith("[") && value.endsWith("]") ? value.slice(1, -1) : value;
      return inner.split(" ").filter(Boolean);
    }),
  ),
]);

/** Seconds since the epoch, as API Gateway passes it ("1767225600") or as a JWT holds it. */
const NumericDate = z.union([
  z.pipe(z.string().check(z.regex(/^\d+$/, "Expected seconds since the epoch")), z.transform(Number)),
  z.int().check(z.nonnegative()),
]);

/**
 * The claims of a verified Cognito token exactly as API Gateway's JWT authorizer hands them to
 * Lambda (`event.requestContext.authorizer.jwt.claims`), normalised into what the app uses.
 */
export const Claims = z.pipe(
  z.object({
    // The column that records who wrote a row holds 255 characters; Cognito's subs are UUIDs.
    sub: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, "sub must not be empty"),
        z.maxLength(255, "sub must be at most 255 characters"),
      ),
    username: z.optional(z.string().check(z.minLength(1))),
    "cognito:username": z.optional(z.string().check(z.minLength(1))),
    email: z.optional(z.email()),
    "cognito:groups": z.optional(StringList),
    scope: z.optional(z.string()),
    token_use: z.optional(z.enum(["access", "id"])),
    client_id: z.optional(z.string()),
    iss: z.optional(z.string()),
    exp: z.optional(NumericDate),
    iat: z.optional(NumericDate),
  }),
  z.transform((claims) => ({
    sub: claims.sub,
    username: claims.username ?? claims["cognito:username"] ?? claims.sub,
    ...(claims.email === undefined ? {} : { email: claims.email }),
    groups: claims["cognito:groups"] ?? [],
    scopes: claims.scope?.split(/\s+/).filter(Boolean) ?? [],
  })),
);
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
