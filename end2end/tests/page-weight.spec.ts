import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test, expect, expectAccessible, waitForIslands } from "./fixtures";
import type { Page, Response } from "@playwright/test";

/** The JS + wasm budget of a page with islands, in brotli bytes as sent. */
const BUDGET: number = JSON.parse(
  readFileSync(join(__dirname, "../../scripts/asset-budget.json"), "utf8"),
).js_wasm_brotli_bytes;

/** What the browser's console says about scripts the page's policy refused. */
function policyRefusals(page: Page): string[] {
  const refusals: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) refusals.push(message.text());
  });
  return refusals;
}

/** The bytes of the site's JS and wasm the page received, as sent (compressed). */
function siteCodeResponses(page: Page): Response[] {
  const responses: Response[] = [];
  page.on("response", (response) => {
    if (/\/pkg\/.*\.(js|wasm)$/.test(new URL(response.url()).pathname)) responses.push(response);
  });
  return responses;
}

async function bytesSent(responses: Response[]): Promise<number> {
  let total = 0;
  for (const response of responses) {
    const sizes = await response.request().sizes();
    total += sizes.responseBodySize;
  }
  return total;
}

/** The site's JS and wasm a page loads, by URL, as the browser asked for them. */
function siteCodeRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (request) => {
    if (/\/pkg\/.*\.(js|wasm)$/.test(new URL(request.url()).pathname)) urls.push(request.url());
  });
  return urls;
}

test.describe("only the code a page needs", () => {
  test("the home, maker and piece pages load no JavaScript or wasm", async ({ page }) => {
    const refusals = policyRefusals(page);
    const loaded = siteCodeRequests(page);
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Handmade jewellery you can check.");
    const maker = page.getByRole("region", { name: "Makers" }).getByRole("link").first();
    await maker.click();
    await expect(page.getByRole("heading", { name: "Who designs and who makes" })).toBeVisible();
    await page.locator(".piece-card__title a").first().click();
    await expect(page.getByRole("heading", { name: "Provenance" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(loaded).toEqual([]);
    expect(refusals).toEqual([]);
    await expectAccessible(page);
  });

  test("a page with an island loads its code, within the budget, and comes alive", async ({ page }) => {
    const refusals = policyRefusals(page);
    const loaded = siteCodeRequests(page);
    const received = siteCodeResponses(page);
    await page.goto("/makers");
    await waitForIslands(page);
    await page.waitForLoadState("networkidle");
    expect(loaded.some((url) => url.endsWith(".wasm"))).toBe(true);
    expect(loaded.some((url) => url.endsWith(".js"))).toBe(true);
    const sent = await bytesSent(received);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(BUDGET);
    expect(refusals).toEqual([]);
  });
});
