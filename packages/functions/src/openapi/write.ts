/** `npm run openapi`: writes the API's OpenAPI document beside the app, which serves it. */
import { writeFileSync } from "node:fs";
import { openApiDocument } from "./document";

const target = new URL("../api/openapi.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`Wrote ${target.pathname}`);
