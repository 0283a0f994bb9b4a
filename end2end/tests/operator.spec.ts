import { test, expect, expectAccessible, expectAccessibleWithoutScripts, fresh, grantOperator, signUp, withAndWithoutJavaScript } from "./fixtures";


withAndWithoutJavaScript(`an operator`, (javaScriptEnabled) => {
  test("verifies the claims a document shows and returns the others to the maker's word", async ({
    page,
    browser,
  }) => {
    const email = `ines.${fresh()}@touchstone.example`;
    await signUp(page, "Ines Duarte", email);
    // Not an operator yet: the queue doesn't exist for this account.
    const refused = await page.goto("/operator/evidence");
    expect(refused?.status()).toBe(404);

    grantOperator(email);
    await page.goto("/account");
    await page.getByRole("link", { name: "Evidence review" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Evidence review");
    if (javaScriptEnabled) await expectAccessible(page);
    else await expectAccessibleWithoutScripts(browser, page.url());

    // Two tests share the demo's queue: each reviews a different document.
    await page.getByRole("link", { name: /^Review / }).nth(javaScriptEnabled ? 0 : 1).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Review “/);
    await expect(page.getByRole("link", { name: "Open the document", exact: true })).toBeVisible();
    const claims = page.locator("fieldset");
    const count = await claims.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const answer = i === count - 1 && count > 1 ? /doesn't show it/ : /shows it: verified/;
      await claims.nth(i).getByRole("radio", { name: answer }).check();
    }
    await page.getByLabel("Note to the maker (optional)").fill("Checked against the certificate.");
    if (javaScriptEnabled) await expectAccessible(page);
    else await expectAccessibleWithoutScripts(browser, page.url());
    await page.getByRole("button", { name: "Save the review" }).click();
    await expect(page.getByRole("status")).toContainText(/Reviewed “.*”: \d+ claims? verified/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Evidence review");
  });
});
