import * as z from "zod/mini";
import type { $ZodType, input, output } from "zod/v4/core";
import { VisibleError } from "./error";
import "./zod";

/** Parses `value` with `schema`, turning a failure into a `VisibleError` of kind `input`. */
export function parse<S extends $ZodType>(
  schema: S,
  value: unknown,
  prefix: readonly PropertyKey[] = [],
): output<S> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw VisibleError.fromZod(result.error, prefix);
  return result.data;
}

/**
 * An async function whose single input is validated by `schema` before `cb` sees it. Invalid
 * input rejects the returned promise rather than throwing synchronously. `force` takes input
 * that this same schema has already parsed (an API route's validator), so it is not parsed twice.
 */
export function fn<S extends $ZodType, R>(schema: S, cb: (input: output<S>) => Promise<R>) {
  const wrapped = async (value: input<S>): Promise<R> => cb(parse(schema, value));
  wrapped.schema = schema;
  wrapped.force = cb;
  return wrapped;
}
