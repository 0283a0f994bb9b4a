import { test, expect, expectAccessible, waitForIslands } from "./fixtures";
import type { Page } from "@playwright/test";

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
    await expectAccessible(page);
  });

  test("a page with an island loads its code and comes alive", async ({ page }) => {
    const loaded = siteCodeRequests(page);
    await page.goto("/makers");
    await waitForIslands(page);
    expect(loaded.some((url) => url.endsWith(".wasm"))).toBe(true);
    expect(loaded.some((url) => url.endsWith(".js"))).toBe(true);
  });
});
