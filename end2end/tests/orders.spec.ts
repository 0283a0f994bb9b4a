import {
  test,
  expect,
  buyablePiece,
  buyerBrowser,
  checkAccessible,
  checkSignedIn,
  expectAccessible,
  fresh,
  mail,
  openStudio,
  signUp,
} from "./fixtures";
import type { Page } from "@playwright/test";

/**
 * Buying a ready piece: a maker writes their terms of sale; a buyer holds a demo
 * piece at the checkout, chooses a bank transfer, finds the order in their list
 * and cancels it (which frees the piece for the next run). Every step by the
 * visible labels, with JavaScript on and off, and axe on every page.
 */

/** Signs up, opens the piece and holds it at the checkout, to be collected. */
async function holdForCollection(page: Page, path: string, name: string) {
  await signUp(page, name, `${name.toLowerCase().replace(/\W+/g, "-")}@example.com`);
  await page.goto(path);
  await page.getByRole("link", { name: "Buy", exact: true }).click();
  await page.getByRole("radio", { name: /^Collection/ }).check();
  await page.getByRole("button", { name: "Hold it for me and choose how to pay" }).click();
  await expect(page.getByRole("status")).toContainText("is held for you for 15 minutes");
}

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

  test(`a maker writes their terms of sale (${how})`, async ({ browser }) => {
    const { context, page, errors } = await buyerBrowser(browser, javaScriptEnabled);
    const id = fresh();
    await signUp(page, `Ines ${id}`, `ines-${id}@example.com`);
    await openStudio(page, `ines-${id}`, "United Kingdom", "Rings from recycled gold");
    await page.getByRole("link", { name: "Terms of sale" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Selling your pieces");
    await checkSignedIn(page, javaScriptEnabled);
    await page.getByLabel("Delivery price").fill("twelve");
    await page.getByLabel("Returns policy").fill("Within 14 days, <b>unworn</b>.");
    await page.getByLabel("How to pay you by bank transfer").fill("Sort code 10-20-30, account 87654321");
    await page.getByRole("button", { name: "Save the terms" }).click();
    await expect(page.getByRole("alert")).toContainText("delivery price as a number");
    await expect(page.getByLabel("Returns policy")).toHaveValue("Within 14 days, <b>unworn</b>.");
    await page.getByLabel("Delivery price").fill("12");
    await page.getByLabel("Currency").selectOption("GBP");
    await page.getByLabel("Collection").fill("From the studio in Leeds, by appointment");
    await page.getByRole("button", { name: "Save the terms" }).click();
    await expect(page.getByRole("status")).toContainText("Your terms of sale are saved");
    await expect(page.getByLabel("Delivery price")).toHaveValue("12");
    await page.getByRole("link", { name: "Orders" }).click();
    await expect(page.getByText("No orders yet.")).toBeVisible();
    await checkSignedIn(page, javaScriptEnabled);
    expect(errors).toEqual([]);
    await context.close();
  });

  test(`a buyer holds a piece, chooses a bank transfer and cancels (${how})`, async ({ browser, request }) => {
    const path = await buyablePiece(request, !javaScriptEnabled);
    const { context, page, errors } = await buyerBrowser(browser, javaScriptEnabled);
    const id = fresh();
    await signUp(page, `Bea ${id}`, `bea-${id}@example.com`);
    await page.goto(path);
    await page.getByRole("link", { name: "Buy", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Buy ");
    await expect(page.getByRole("heading", { name: "Returns" })).toBeVisible();
    await checkSignedIn(page, javaScriptEnabled);

    await page.getByRole("radio", { name: /^Delivery:/ }).check();
    await page.getByLabel("Name", { exact: true }).fill("<b>Bea</b> Ortiz");
    await page.getByLabel("Address", { exact: true }).fill("4 Loom Street");
    await page.getByLabel("Postcode").fill("LS1 4AB");
    await page.getByRole("button", { name: "Hold it for me and choose how to pay" }).click();
    await expect(page.getByRole("alert")).toContainText("The town or city is needed.");
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("<b>Bea</b> Ortiz");
    await page.getByLabel("Town or city").fill("Leeds");
    await page.getByRole("button", { name: "Hold it for me and choose how to pay" }).click();
    await expect(page.getByRole("status")).toContainText("is held for you for 15 minutes");
    await expect(page.getByText("<b>Bea</b> Ortiz")).toBeVisible();
    await checkSignedIn(page, javaScriptEnabled);

    await page.getByRole("button", { name: "Pay by bank transfer" }).click();
    await expect(page.getByRole("status")).toContainText("Your order is placed");
    await expect(page.getByRole("heading", { name: "How to pay" })).toBeVisible();
    await expect(page.getByText("Sort code 04-00-04")).toBeVisible();
    const reference = ((await page.getByRole("heading", { level: 1 }).textContent()) ?? "").replace("Order ", "");
    expect(reference).toMatch(/^TS-\d{5}$/);

    await page.goto("/account");
    await page.getByRole("link", { name: "Your orders" }).click();
    await checkSignedIn(page, javaScriptEnabled);
    await page.getByRole("link", { name: new RegExp(reference) }).click();
    await page.getByRole("button", { name: "Cancel the order" }).click();
    await expect(page.getByRole("status")).toContainText("The order is cancelled.");
    await page.goto(path);
    await expect(page.getByRole("link", { name: "Buy", exact: true })).toBeVisible();
    expect(errors).toEqual([]);
    await context.close();
  });

  test(`a buyer paying by card gets Stripe's own form, or is told it needs JavaScript (${how})`, async ({
    browser,
    request,
  }) => {
    const path = await buyablePiece(request, !javaScriptEnabled, 1);
    const { context, page, errors } = await buyerBrowser(browser, javaScriptEnabled);
    await holdForCollection(page, path, `Cai ${fresh()}`);
    await page.getByRole("button", { name: "Pay by card" }).click();
    await expect(page.getByRole("status")).toContainText("Please enter your card below");
    await expect(page.getByRole("heading", { name: "Pay by card" })).toBeVisible();
    if (javaScriptEnabled) {
      // localstripe's stand-in for Stripe's card field, mounted by the island.
      await expect(page.locator("#card-element input").first()).toBeVisible();
      await expect(page.getByRole("button", { name: "Pay by card" })).toBeEnabled();
      await expect(page.getByText("The card form needs JavaScript")).toBeHidden();
      // The card field is the processor's own markup, not ours.
      await expectAccessible(page, "#card-element");
    } else {
      await expect(page.getByText("The card form needs JavaScript")).toBeVisible();
      await expect(page.getByRole("button", { name: "Pay by bank transfer" })).toBeVisible();
      await checkSignedIn(page, javaScriptEnabled);
    }
    await page.getByRole("button", { name: "Cancel the order" }).click();
    await expect(page.getByRole("status")).toContainText("The order is cancelled.");
    expect(errors).toEqual([]);
    await context.close();
  });

  test(`a guest buys by the link in their email, confirms it's theirs and cancels (${how})`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(90_000);
    const path = await buyablePiece(request, !javaScriptEnabled, 2);
    const { context, page, errors } = await buyerBrowser(browser, javaScriptEnabled);
    const email = `gil-${fresh()}@example.com`;
    await page.goto(path);
    await page.getByRole("link", { name: "Buy", exact: true }).click();
    await expect(page.getByText("or buy as a guest below")).toBeVisible();
    await page.getByLabel("Your name").fill("Gil <i>Amsel</i>");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("radio", { name: /^Collection/ }).check();
    await page.getByRole("button", { name: "Hold it for me and choose how to pay" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
    await expect(page.getByRole("status")).toContainText(`we've sent a link to ${email}`);
    await checkAccessible(page, browser, javaScriptEnabled);

    const letter = await mail(page, email, "Confirm your order");
    await letter.getByRole("link", { name: /\/orders\/\d+\?key=/ }).click();
    await expect(page.getByText("please confirm your email address to choose how to pay")).toBeVisible();
    await expect(page.getByRole("button", { name: "Pay by bank transfer" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Your orders" })).toHaveCount(0);
    await checkAccessible(page, browser, javaScriptEnabled);
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await expect(page.getByRole("status")).toContainText("your address is confirmed");
    await page.getByRole("button", { name: "Pay by bank transfer" }).click();
    await expect(page.getByRole("status")).toContainText("Your order is placed");
    await expect(page.getByRole("heading", { name: "How to pay" })).toBeVisible();
    await checkAccessible(page, browser, javaScriptEnabled);

    // The letter about paying brings a link of its own, which opens the order too.
    const howToPay = await mail(page, email, "Your order");
    await howToPay.getByRole("link", { name: /\/orders\/\d+\?key=/ }).click();
    await expect(page.getByText("Waiting for your bank transfer")).toBeVisible();
    await page.getByRole("button", { name: "Cancel the order" }).click();
    await expect(page.getByRole("status")).toContainText("The order is cancelled.");
    await page.goto(path);
    await expect(page.getByRole("link", { name: "Buy", exact: true })).toBeVisible();
    expect(errors).toEqual([]);
    await context.close();
  });
}
