/**
 * zod/mini for every schema that runs in the Lambda: the same validation as classic zod, in a
 * fraction of the bundle (its methods live in functions esbuild can drop — as long as each module
 * imports it as `import * as z from "zod/mini"`: the named `z` export is one object holding all
 * of zod, every locale included, 420 KB once bundled). Mini loads no
 * locale by itself; English messages ("Too big: expected string to have <=120 characters") are
 * set here, by importing this module. Schemas carry their OpenAPI description in zod's global
 * registry (`.register(z.globalRegistry, …)`), which the build-time generator reads.
 */
import * as z from "zod/mini";

z.config(z.locales.en());
