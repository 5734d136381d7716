/** `npm run seed`: a handful of demo promotions for the user "demo" (sign in as demo to see them). */
import { existsSync } from "node:fs";
import { withActor } from "@promotions/core/actor";
import { migrate } from "@promotions/core/drizzle/migrate";
import { VisibleError } from "@promotions/core/error";
import { Promotion } from "@promotions/core/promotion";
import { Scope } from "@promotions/functions/api/routes";
import { withLocalDatabase } from "./database/script";
import { subFor } from "./issuer/tokens";

if (existsSync(".env")) process.loadEnvFile(".env");

const day = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(Date.now() + days * day).toISOString();
const demo: Promotion.CreateInput[] = [
  {
    title: "Winter sale",
    code: "WINTER-25",
    discount: { type: "percent", value: 25 },
    startsAt: at(-3),
    endsAt: at(27),
  },
  {
    title: "Free shipping weekend",
    code: "SHIPFREE",
    description: "Five euros off every order over 40.",
    discount: { type: "amount", value: 500, currency: "EUR" },
    startsAt: at(5),
    endsAt: at(7),
  },
  {
    title: "Black Friday",
    code: "BF-2026",
    discount: { type: "percent", value: 40 },
    startsAt: at(-30),
    endsAt: at(-27),
  },
  {
    title: "New customers",
    code: "WELCOME-10",
    discount: { type: "percent", value: 10 },
    startsAt: at(-60),
    endsAt: at(300),
  },
];

await withLocalDatabase("npm run seed", async (database) => {
  await migrate();
  const user = {
    sub: subFor("demo"),
    username: "demo",
    groups: [],
    scopes: Object.values(Scope),
  };
  let created = 0;
  await withActor({ type: "user", properties: user }, async () => {
    for (const input of demo) {
      try {
        await Promotion.create(input);
        created++;
      } catch (error) {
        if (!(error instanceof VisibleError && error.code === "promotion_code_taken")) throw error;
      }
    }
  });
  console.log(
    `Seeded ${created} promotion(s) for user "demo" (${demo.length - created} already there) in ${database.description}.`,
  );
});
