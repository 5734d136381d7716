/** The API handler plus what the benchmark needs to prepare its data, in one bundle. */
import { withActor } from "../../packages/core/src/actor";
import { migrate } from "../../packages/core/src/drizzle/migrate";
import { Promotion } from "../../packages/core/src/promotion";

export { handler } from "../../packages/functions/src/api";

const day = 24 * 60 * 60 * 1000;

/** Migrates the database and gives the user `bench` 50 promotions. */
export async function setup(): Promise<void> {
  await migrate();
  const user = {
    sub: "bench",
    username: "bench",
    groups: [],
    scopes: ["promotions/read", "promotions/write"],
  };
  await withActor({ type: "user", properties: user }, async () => {
    const existing = await Promotion.list({ limit: 1 });
    if (existing.data.length > 0) return;
    for (let n = 0; n < 50; n++) {
      await Promotion.create({
        title: `Bench promotion ${n}`,
        code: `BENCH-${n}`,
        discount: { type: "percent", value: 10 },
        startsAt: new Date(Date.now() - day).toISOString(),
        endsAt: new Date(Date.now() + 30 * day).toISOString(),
      });
    }
  });
}
