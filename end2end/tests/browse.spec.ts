import {
  test,
  expect,
  expectAccessible,
  expectAccessibleWithoutScripts,
  waitForIslands,
} from "./fixtures";

/** The listing's result count, e.g. "16 makers". */
const resultCount = (page: import("@playwright/test").Page) =>
  page.locator("#listing-count");

test.describe("a buyer browsing with JavaScript", () => {
  test("filters makers in place, opens a maker, then a piece", async ({ page }) => {
    await page.goto("/makers");
    await waitForIslands(page);
    await expect(page).toHaveTitle("Jewellery makers · Touchstone");
    // The 16 demo makers, and any a parallel test has published meanwhile.
    await expect(resultCount(page)).toHaveText(/^\d+ makers$/);
    const all = await resultCount(page).textContent();
    await expectAccessible(page);

    // Filtering must not reload the page: a value set on window survives.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.getByRole("checkbox", { name: /^Silver/ }).check();
    await expect(page).toHaveURL(/\/makers\?metal=silver$/);
    const silver = await resultCount(page).textContent();
    expect(silver).not.toBe(all);
    await page.getByLabel("Only makers open for commissions").check();
    await expect(page).toHaveURL(/\/makers\?metal=silver&open=1$/);
    await expect(resultCount(page)).not.toHaveText(silver ?? "");
    await expect(page.getByRole("status").filter({ hasText: "makers" })).toHaveText(/\d+ makers?/);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await expect(page.getByRole("checkbox", { name: /^Silver/ })).toBeChecked();

    // Back goes to the listing before the last filter.
    await page.goBack();
    await expect(page).toHaveURL(/\/makers\?metal=silver$/);
    await expect(resultCount(page)).toHaveText(silver ?? "");

    const firstMaker = page.locator(".maker-card__name a").first();
    const makerName = (await firstMaker.textContent()) ?? "";
    await firstMaker.click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(makerName);
    await expect(page.getByRole("heading", { name: "Who designs and who makes" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Commissions" })).toBeVisible();
    await expectAccessible(page);

    const portfolio = page.getByRole("region", { name: `Work by ${makerName}` });
    const firstPiece = portfolio.locator(".piece-card__title a").first();
    const pieceTitle = (await firstPiece.textContent()) ?? "";
    await firstPiece.click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(pieceTitle);
    await expect(page.getByRole("heading", { name: "Provenance" })).toBeVisible();
    await expect(page.getByRole("meter", { name: "Disclosure completeness" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Who made it and how" })).toBeVisible();
    await expect(page.getByText(/^(Verified|Document-backed|Self-declared)$/).first()).toBeVisible();
    await expect(page.getByRole("link", { name: makerName }).first()).toBeVisible();
    await expectAccessible(page);
  });

  test("searches pieces by words and keeps the URL shareable", async ({ page }) => {
    await page.goto("/search");
    await waitForIslands(page);
    await expect(resultCount(page)).toHaveText("74 pieces");
    const box = page.getByRole("searchbox", { name: "Search pieces" }).last();
    await box.fill("opal");
    await box.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=opal/);
    await expect(resultCount(page)).not.toHaveText("74 pieces");
    await expect(page.locator(".piece-card").first()).toContainText(/opal/i);
    await expect(page.getByLabel("Sort by")).toHaveValue("");
    await expect(page.getByLabel("Sort by").locator("option:checked")).toHaveText("Best match");
    await page.getByLabel("Sort by").selectOption("price-low");
    await expect(page).toHaveURL(/sort=price-low/);
    await expectAccessible(page);
  });

  test("the piece gallery is reachable by keyboard", async ({ page }) => {
    await page.goto("/search?q=ring");
    await page.locator(".piece-card__title a").first().click();
    const photos = page.getByRole("group", { name: /^Photos of/ });
    await expect(photos).toBeVisible();
    await page.getByRole("link", { name: "Photo 2 of 2" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#photo-2$/);
    await photos.focus();
    await expect(photos).toBeFocused();
  });
});

test.describe("a buyer browsing without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("filters with the form, opens a maker, then a piece", async ({ page, browser }) => {
    await page.goto("/makers");
    await expect(resultCount(page)).toHaveText(/^\d+ makers$/);
    const all = (await resultCount(page).textContent()) ?? "";
    await page.getByRole("checkbox", { name: /^Silver/ }).check();
    await page.getByLabel("Only makers open for commissions").check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/\/makers\?(.*&)?metal=silver/);
    await expect(page).toHaveURL(/open=1/);
    await expect(page.getByRole("checkbox", { name: /^Silver/ })).toBeChecked();
    await expect(resultCount(page)).not.toHaveText(all);
    await expectAccessibleWithoutScripts(browser, page.url());

    const firstMaker = page.locator(".maker-card__name a").first();
    const makerName = (await firstMaker.textContent()) ?? "";
    await firstMaker.click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(makerName);
    await expectAccessibleWithoutScripts(browser, page.url());

    await page.locator(".piece-card__title a").first().click();
    await expect(page.getByRole("heading", { name: "Provenance" })).toBeVisible();
    await expect(page.getByText("Disclosure completeness")).toBeVisible();
    await expectAccessibleWithoutScripts(browser, page.url());
  });

  test("pages through search results with stable links", async ({ page }) => {
    await page.goto("/search");
    await expect(page.getByText("Page 1 of 4")).toBeVisible();
    await page.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/\/search\?page=2$/);
    await expect(page.getByText("Page 2 of 4")).toBeVisible();
    await page.getByRole("link", { name: "Previous page" }).click();
    await expect(page).toHaveURL(/\/search$/);
  });
});
