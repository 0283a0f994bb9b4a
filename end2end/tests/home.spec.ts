import { test, expect, expectAccessible, expectAccessibleWithoutScripts, waitForIslands } from "./fixtures";

test.describe("home page", () => {
  test("is rendered on the server and lists demo makers and pieces", async ({ page }) => {
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle("Touchstone · Handmade jewellery you can check");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Handmade jewellery you can check.");
    const makers = page.getByRole("region", { name: "Makers" });
    await expect(makers.getByRole("link", { name: "Aurelia Lind" })).toBeVisible();
    await expect(makers.getByRole("listitem")).toHaveCount(16);
    const pieces = page.getByRole("region", { name: "Recently published pieces" });
    await expect(pieces.getByRole("listitem")).toHaveCount(12);
    await expect(pieces.getByRole("img").first()).toHaveAttribute("alt", /Illustration of the/);
    await expectAccessible(page);
  });

  test("the commission filter island filters in place and keeps the URL shareable", async ({ page }) => {
    await page.goto("/");
    await waitForIslands(page);
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const makers = page.getByRole("region", { name: "Makers" });
    await expect(makers.getByRole("link", { name: "Saoirse Byrne" })).toBeVisible();

    await page.getByLabel("Only makers open for commissions").check();

    await expect(page.getByRole("status")).toHaveText("Showing 12 of 16 makers");
    await expect(makers.getByRole("link", { name: "Saoirse Byrne" })).toHaveCount(0);
    await expect(makers.getByRole("link", { name: "Aurelia Lind" })).toBeVisible();
    await expect(page).toHaveURL(/\?open=1$/);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

    await page.getByLabel("Only makers open for commissions").uncheck();
    await expect(page.getByRole("status")).toHaveText("Showing 16 of 16 makers");
    await expect(page).not.toHaveURL(/open=1/);
    await expectAccessible(page);
  });

  test("a shared filtered URL opens filtered", async ({ page }) => {
    await page.goto("/?open=1");
    await waitForIslands(page);
    await expect(page.getByLabel("Only makers open for commissions")).toBeChecked();
    await expect(page.getByRole("status")).toHaveText("Showing 12 of 16 makers");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the home page and the commission filter still work", async ({ page, browser }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Handmade jewellery you can check.");
    const makers = page.getByRole("region", { name: "Makers" });
    await expect(makers.getByRole("listitem")).toHaveCount(16);

    await page.getByLabel("Only makers open for commissions").check();
    await page.getByRole("button", { name: "Apply filter" }).click();

    await expect(page).toHaveURL(/\?open=1$/);
    await expect(page.getByRole("status")).toHaveText("Showing 12 of 16 makers");
    await expect(makers.getByRole("link", { name: "Saoirse Byrne" })).toHaveCount(0);
    await expectAccessibleWithoutScripts(browser, page.url());
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
});
