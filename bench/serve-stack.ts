/** The offline stack on a free port with the benchmark's data; prints its URL and a token. */
import { handler } from "../packages/functions/src/api";
import { localConfig } from "../packages/local/src/config";
import type { LambdaHandler } from "../packages/local/src/gateway/server";
import { startStack } from "../packages/local/src/stack";
import { setup } from "./entries/api-bench";

await setup();
const stack = await startStack({
  config: { ...localConfig({}), apiPort: 0, issuerPort: 0 },
  handler: handler as LambdaHandler,
  ephemeralKeys: true,
});
const { access_token } = await stack.minter.mint({
  user: { sub: "bench", username: "bench", groups: [] },
  clientId: "promotions-web",
  scope: "promotions/read promotions/write",
  expiresIn: 3600,
});
console.log(JSON.stringify({ url: `${stack.apiUrl}/promotions?limit=20`, token: access_token }));
