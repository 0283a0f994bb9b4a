import { test, expect, expectAccessible, expectAccessibleWithoutScripts } from "./fixtures";

test.describe("home page", () => {
  test("says what Touchstone is and shows makers and pieces", async ({ page }) => {
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle("Handmade jewellery you can check · Touchstone");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Handmade jewellery you can check.");
    const makers = page.getByRole("region", { name: "Makers" });
    await expect(makers.getByRole("listitem")).toHaveCount(8);
    const open = page.getByRole("region", { name: "Open for commissions" });
    await expect(open.getByRole("listitem")).toHaveCount(4);
    // Other tests running at once open studios that take commissions: at least the demo's 12.
    const all = open.getByRole("link", { name: /^All \d+ makers open for commissions$/ });
    await expect(all).toBeVisible();
    expect(Number((await all.textContent())?.match(/\d+/)?.[0])).toBeGreaterThanOrEqual(12);
    const pieces = page.getByRole("region", { name: "Recently published pieces" });
    await expect(pieces.getByRole("listitem")).toHaveCount(12);
    await expect(pieces.getByRole("img").first()).toHaveAttribute("alt", /Illustration of the/);
    await expectAccessible(page);
  });

  test("leads to the makers open for commissions", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: /^All \d+ makers open for commissions$/ }).click();
    await expect(page).toHaveURL(/\/makers\?open=1$/);
    await expect(page.getByLabel("Only makers open for commissions")).toBeChecked();
    // Other tests running at once open studios that take commissions: at least the demo's 12.
    const count = page.getByText(/^\d+ makers$/);
    await expect(count).toBeVisible();
    expect(Number((await count.textContent())?.match(/\d+/)?.[0])).toBeGreaterThanOrEqual(12);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the search box on the home page works", async ({ page, browser }) => {
    await page.goto("/");
    await page.getByRole("search", { name: "Search pieces" }).getByLabel("Search pieces").fill("sapphire");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/\/search\?q=sapphire$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Search pieces");
    await expect(page.getByRole("link", { name: /sapphire/i }).first()).toBeVisible();
    await expectAccessibleWithoutScripts(browser, "/");
  });
});

test.describe("missing pages", () => {
  test("answer 404 with a helpful page", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await page.getByRole("link", { name: "Go to the home page" }).click();
    await expect(page).toHaveURL("/");
    await expectAccessible(page);
  });

  test("a maker who is not listed is a 404 too", async ({ page }) => {
    const response = await page.goto("/makers/nobody-by-this-name");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  });
});
