/**
 * zod/mini for every schema that runs in the Lambda: the same validation as classic zod, in a
 * fraction of the bundle (its methods live in functions esbuild can drop — as long as each module
 * imports it as `import * as z from "zod/mini"`: the named `z` export is one object holding all
 * of zod, every locale included, 420 KB once bundled). Mini loads no
 * locale by itself; English messages ("Too big: expected string to have <=120 characters") are
 * set here, by importing this module.
 */
import * as z from "zod/mini";

z.config(z.locales.en());

/** Describes a schema in the OpenAPI document (zod's global registry, which the generator reads). */
export function describe<S extends z.ZodMiniType>(
  schema: S,
  meta: { id?: string; description?: string; example?: unknown },
): S {
  z.globalRegistry.add(schema, meta);
  return schema;
}
