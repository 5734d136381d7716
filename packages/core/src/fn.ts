import type { z } from "zod";
import { VisibleError } from "./error";

/** Parses `value` with `schema`, turning a failure into a `VisibleError` of kind `input`. */
export function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw VisibleError.fromZod(result.error, prefix);
  return result.data;
}

/**
 * An async function whose single input is validated by `schema` before `cb` sees it. Invalid
 * input rejects the returned promise rather than throwing synchronously.
 */
export function fn<S extends z.ZodType, R>(schema: S, cb: (input: z.output<S>) => Promise<R>) {
  const wrapped = async (input: z.input<S>): Promise<R> => cb(parse(schema, input));
  wrapped.schema = schema;
  return wrapped;
}
