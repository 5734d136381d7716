/** The offline stack on a free port with the bench's data; prints its URL and a token. */
import { startEmbeddedDatabase } from "../../packages/local/src/database/embedded";
import { benchUser, seed } from "../setup/database";

// As `npm run dev` runs it: the handler reaches PGlite over the PostgreSQL protocol with postgres.js.
const embedded = await startEmbeddedDatabase({ dataDir: "memory://", port: 0, command: "bench" });
await seed(embedded.url);
process.env.DATABASE_URL = embedded.url;

const { handler } = await import("../../packages/functions/src/api");
const { localConfig } = await import("../../packages/local/src/config");
const { startStack } = await import("../../packages/local/src/stack");
type LambdaHandler = import("../../packages/local/src/gateway/server").LambdaHandler;

const stack = await startStack({
  config: { ...localConfig({}), apiPort: 0, issuerPort: 0 },
  handler: handler as LambdaHandler,
  ephemeralKeys: true,
});
const { access_token } = await stack.minter.mint({
  user: { sub: benchUser, username: benchUser, groups: [] },
  clientId: "promotions-web",
  scope: "promotions/read promotions/write",
  expiresIn: 3600,
});
console.log(JSON.stringify({ url: `${stack.apiUrl}/promotions?limit=20`, token: access_token }));
