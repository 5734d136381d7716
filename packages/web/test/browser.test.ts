/**
 * The web app in a real browser (Debian's Chromium through playwright-core) against the offline
 * stack: sign in through the dev issuer, create, see, edit, fail validation, archive; a second
 * user sees nothing of it. Screenshots land in test-artifacts/ (not committed).
 */
import { existsSync, mkdirSync } from "node:fs";
import { handler } from "@promotions/functions/api";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../test/support/core";
import { callApi, devToken } from "../../../test/support/stack";
import { localConfig } from "../../local/src/config";
import { type Stack, startStack } from "../../local/src/stack";
import { startWeb } from "../../local/src/web";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser && process.env.CI === "true") {
  throw new Error(`Chromium is missing at ${CHROMIUM}: CI must install it (apt-get install -y chromium)`);
}
if (!hasBrowser) {
  console.warn(
    `Browser tests skipped: no Chromium at ${CHROMIUM}. Install it with: sudo apt-get install -y chromium`,
  );
}

const artifacts = new URL("../../../test-artifacts/", import.meta.url).pathname;

describe.skipIf(!hasBrowser)("the web app in Chromium", () => {
  let stack: Stack;
  let web: Awaited<ReturnType<typeof startWeb>>;
  let browser: Browser;

  beforeAll(async () => {
    const config = { ...localConfig({ WEB_PORT: String(await freePort()) }), apiPort: 0, issuerPort: 0 };
    stack = await startStack({ config, handler, ephemeralKeys: true });
    web = await startWeb(config, stack);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    });
    mkdirSync(artifacts, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await stack?.stop();
  });

  async function signIn(page: Page, username: string) {
    await page.goto(web.url);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Username").fill(username);
    await page.getByRole("button", { name: "Sign in" }).click();
    try {
      await expect.poll(() => page.getByTestId("username").textContent(), { timeout: 20_000 }).toBe(username);
    } catch (error) {
      await page.screenshot({ path: `${artifacts}sign-in-failed-${username}.png`, fullPage: true });
      throw error;
    }
  }

  const card = (page: Page, code: string) => page.locator(`li[data-code="${code}"]`);
  const fieldError = (page: Page, field: string) => page.locator(`.field-${field} .field-error`);

  it("sign in → create → list → edit → validation error → archive; another user sees none of it", async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await signIn(page, "alice");
    await expect.poll(() => page.getByText("No promotions yet").isVisible(), { timeout: 20_000 }).toBe(true);

    // Create
    await page.getByRole("button", { name: "New promotion" }).click();
    const form = page.getByRole("form", { name: "New promotion" });
    await form.getByLabel("Title").fill("Browser sale");
    await form.getByLabel("Code").fill("browser-10");
    await form.getByLabel("Percent").fill("15");
    await page.screenshot({ path: `${artifacts}form.png`, fullPage: true });
    await form.getByRole("button", { name: "Create promotion" }).click();
    await expect.poll(() => card(page, "BROWSER-10").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await card(page, "BROWSER-10").locator(".badge").textContent()).toBe("active");
    await page.screenshot({ path: `${artifacts}list.png`, fullPage: true });

    // Edit
    await card(page, "BROWSER-10").getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("form", { name: "Edit promotion" });
    await edit.getByLabel("Title").fill("Browser sale, extended");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect
      .poll(() => card(page, "BROWSER-10").locator("h3").textContent())
      .toBe("Browser sale, extended");

    // A validation error appears beside its field (checked with the API's schema in the page)
    await card(page, "BROWSER-10").getByRole("button", { name: "Edit" }).click();
    await edit.getByLabel("Title").fill("");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => fieldError(page, "title").isVisible()).toBe(true);
    expect(await edit.getByLabel("Title").getAttribute("aria-invalid")).toBe("true");
    await edit.getByRole("button", { name: "Cancel" }).click();

    // The API's 409 for a duplicate code appears on the code field
    await page.getByRole("button", { name: "New promotion" }).click();
    await form.getByLabel("Title").fill("Duplicate");
    await form.getByLabel("Code").fill("BROWSER-10");
    await form.getByRole("button", { name: "Create promotion" }).click();
    await expect.poll(() => fieldError(page, "code").textContent()).toContain("Already used");
    await form.getByRole("button", { name: "Cancel" }).click();

    // Archive, confirming in the dialog
    await card(page, "BROWSER-10").getByRole("button", { name: "Archive" }).click();
    const confirm = page.getByRole("dialog", { name: "Archive this promotion?" });
    await page.screenshot({ path: `${artifacts}archive-dialog.png` });
    await confirm.getByRole("button", { name: "Archive" }).click();
    await expect.poll(() => card(page, "BROWSER-10").count()).toBe(0);
    await page.getByRole("button", { name: "Archived" }).click();
    await expect.poll(() => card(page, "BROWSER-10").locator(".badge").textContent()).toBe("archived");

    // Sign out; another user signs in and sees none of it
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect
      .poll(() => page.getByRole("button", { name: "Sign in" }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    await signIn(page, "bob");
    await expect.poll(() => page.getByText("No promotions yet").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole("button", { name: "Archived" }).click();
    await expect.poll(() => page.getByText("No archived promotions.").isVisible()).toBe(true);
    await context.close();
  }, 120_000);

  it("sends If-Match with only the changed fields, and says so when someone else saved first", async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await signIn(page, "carol");
    await page.getByRole("button", { name: "New promotion" }).click();
    const form = page.getByRole("form", { name: "New promotion" });
    await form.getByLabel("Title").fill("Shared sale");
    await form.getByLabel("Code").fill("SHARED-1");
    await form.getByLabel("Percent").fill("20");
    await form.getByRole("button", { name: "Create promotion" }).click();
    await expect.poll(() => card(page, "SHARED-1").isVisible(), { timeout: 10_000 }).toBe(true);

    const patches: { ifMatch: string | undefined; body: unknown }[] = [];
    page.on("request", (request) => {
      if (request.method() === "PATCH") {
        patches.push({ ifMatch: request.headers()["if-match"], body: request.postDataJSON() });
      }
    });

    // carol opens the form; meanwhile her other tab (a script here) renames the promotion.
    await card(page, "SHARED-1").getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("form", { name: "Edit promotion" });
    const token = await devToken(stack, { username: "carol" });
    const listed = await callApi(stack, "GET", "/promotions", token);
    const id = listed.body.data.find((p: { code: string }) => p.code === "SHARED-1").id;
    expect(
      (await callApi(stack, "PATCH", `/promotions/${id}`, token, { title: "Renamed elsewhere" })).status,
    ).toBe(200);

    await edit.getByLabel("Description").fill("Now with a description");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect
      .poll(() => edit.locator("p.error").textContent(), { timeout: 10_000 })
      .toContain("Someone else changed this promotion while you were editing it");
    expect(patches).toEqual([{ ifMatch: '"1"', body: { description: "Now with a description" } }]);
    expect((await callApi(stack, "GET", `/promotions/${id}`, token)).body).toMatchObject({
      title: "Renamed elsewhere",
      description: "",
    });
    await context.close();
  }, 120_000);

  it("serves the API reference at /docs/ offline: the document's operations, and nothing fetched from another host", async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const hosts = new Set<string>();
    page.on("request", (request) => hosts.add(new URL(request.url()).hostname));
    await page.goto(`${web.url}/docs/`);
    await expect
      .poll(() => page.getByText("List your promotions, newest first").first().isVisible(), {
        timeout: 30_000,
      })
      .toBe(true);
    await page.screenshot({ path: `${artifacts}docs.png` });
    // The "try it" sign-in is the stage's issuer, with this app's client and PKCE.
    // Scalar renders the introduction, where the auth section sits, well after the sidebar.
    await expect
      .poll(() => page.locator("body").textContent(), { timeout: 30_000 })
      .toContain(`${web.url}/docs/`);
    expect(await page.locator("body").textContent()).toContain("promotions-web");
    expect([...hosts].filter((host) => host !== "localhost" && host !== "127.0.0.1")).toEqual([]);
    await context.close();
  }, 60_000);

  it("works at phone width", async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await signIn(page, "phone-user");
    await page.getByRole("button", { name: "New promotion" }).click();
    await page.screenshot({ path: `${artifacts}phone.png`, fullPage: true });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await context.close();
  }, 60_000);
});
