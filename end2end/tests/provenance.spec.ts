import { test, expect, expectAccessible, expectAccessibleWithoutScripts, withAndWithoutJavaScript } from "./fixtures";

withAndWithoutJavaScript(`a buyer checking provenance`, (javaScriptEnabled) => {
  test("reads a piece's disclosure, then checks its passport", async ({ page, browser }) => {
    // A lab-grown stone: its disclosure names the growth method.
    await page.goto("/search?stone=lab-grown");
    await page.locator(".piece-card__title a").first().click();
    const provenance = page.getByRole("region", { name: "Provenance" });
    await expect(provenance).toBeVisible();
    await expect(provenance.getByText(/^(One of one|Made to order), designed by/)).toBeVisible();
    await expect(provenance.getByRole("heading", { name: "Who made it and how" })).toBeVisible();
    await expect(provenance.getByRole("heading", { name: /^Laboratory-grown/ })).toBeVisible();
    await expect(page.getByText(/Disclosure completeness/)).toBeVisible();
    // Demo claims rest on documents, most verified by Touchstone already; a public
    // document opens from its claim.
    await expect(provenance.getByText(/^(Document-backed|Verified)$/).first()).toBeVisible();
    await expect(provenance.getByRole("link", { name: "open the document" }).first()).toBeVisible();
    if (javaScriptEnabled) await expectAccessible(page);
    else await expectAccessibleWithoutScripts(browser, page.url());

    const title = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
    await page.getByRole("link", { name: "Check the provenance passport" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Provenance passport: ${title}`);
    await expect(page.getByRole("status")).toContainText("Valid.");
    await expect(page.getByRole("img", { name: "QR code that opens this passport" })).toBeVisible();
    await expect(page.getByRole("link", { name: title })).toBeVisible();
    if (javaScriptEnabled) await expectAccessible(page);
    else await expectAccessibleWithoutScripts(browser, page.url());

    const json = await page.request.get(
      (await page.getByRole("link", { name: title }).getAttribute("href")) + "/provenance.json",
    );
    expect(json.ok()).toBe(true);
    expect((await json.json()).format).toBe("touchstone-provenance/1");
  });

  test("finds pieces whose claims Touchstone has verified", async ({ page }) => {
    await page.goto("/search");
    const all = await page.locator("#listing-count").textContent();
    await page.locator("summary", { hasText: /^Evidence$/ }).click();
    await page.getByRole("checkbox", { name: /^Claims verified by Touchstone/ }).check();
    if (!javaScriptEnabled) await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/evidence=verified/);
    await expect(page.locator("#listing-count")).not.toHaveText(all ?? "");
    await page.locator(".piece-card__title a").first().click();
    await expect(page.getByRole("region", { name: "Provenance" }).getByText("Verified", { exact: true }).first()).toBeVisible();
  });
});
