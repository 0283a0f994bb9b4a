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
  openPublishedStudio,
  openStudio,
  photo,
  signUp,
} from "./fixtures";
import type { Page } from "@playwright/test";

/**
 * Buying a ready piece: a maker writes their terms of sale; a buyer holds a demo
 * piece at the checkout, chooses a bank transfer, finds the order in their list
 * and cancels it (which frees the piece for the next run); a guest does the same
 * by the links in their emails, and finds the order in an account opened later
 * at the same address; and a new maker's own piece is bought, paid for,
 * sent and received. Every step by the visible labels, with JavaScript on and
 * off, and axe on every page.
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

/** Cancels the order on the page, which frees the piece at `path` for the next buyer. */
async function cancelAndFree(page: Page, path: string) {
  await page.getByRole("button", { name: "Cancel the order" }).click();
  await expect(page.getByRole("status")).toContainText("The order is cancelled.");
  await page.goto(path);
  await expect(page.getByRole("link", { name: "Buy", exact: true })).toBeVisible();
}

/** From the studio: a published silver ring at a fixed price in pounds; its address. */
async function publishRing(page: Page, title: string, price: string): Promise<string> {
  await page.getByLabel("Title of a new piece").fill(title);
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("status")).toContainText("Draft created");
  await page.getByLabel("Add photos").setInputFiles([{ name: "ring.png", mimeType: "image/png", buffer: photo(640, 480) }]);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status")).toContainText("Photo added.");
  await page.getByLabel("Description of photo 1").fill("The ring from above");
  await page.getByRole("button", { name: "Save descriptions" }).click();
  await expect(page.getByRole("status")).toContainText("saved");
  const details = page.getByRole("form", { name: "The piece" });
  await details.getByLabel("Description", { exact: true }).fill("A forged sterling silver band.");
  await details.getByLabel("Pricing").selectOption({ label: "A fixed price" });
  await details.getByLabel("Currency").selectOption("GBP");
  await details.getByLabel(/^Price/).fill(price);
  await page.getByRole("group", { name: "Making step 1" }).getByLabel("Technique").selectOption({ label: "Forging" });
  const metal = page.getByRole("group", { name: "Metal 1" });
  await metal.getByLabel("Metal", { exact: true }).selectOption({ label: "Silver" });
  await metal.getByLabel("Fineness", { exact: true }).fill("925");
  await details.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved.");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Published at");
  return new URL(page.url()).pathname;
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
    await cancelAndFree(page, path);
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

  test(`a guest buys by the link in their email, confirms it's theirs, finds the order in the account they open later and cancels (${how})`, async ({
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
    // A mistyped address is refused, with what was typed kept, markup as text.
    await page.getByLabel("Your name").fill("Gil <i>Amsel</i>");
    await page.getByLabel("Email address").fill("gil@home");
    await page.getByRole("radio", { name: /^Collection/ }).check();
    await page.getByRole("button", { name: "Hold it for me and choose how to pay" }).click();
    await expect(page.getByRole("alert")).toContainText("Please give your email address");
    await expect(page.getByLabel("Your name")).toHaveValue("Gil <i>Amsel</i>");
    await expect(page.locator("main i")).toHaveCount(0);
    await checkAccessible(page, browser, javaScriptEnabled);
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
    const reference = ((await page.getByRole("heading", { level: 1 }).textContent()) ?? "").replace("Order ", "");
    expect(reference).toMatch(/^TS-\d{5}$/);

    // An account opened later at the same address has the order among its own,
    // and cancels it without the emailed link.
    await signUp(page, "Gil Amsel", email);
    await page.getByRole("link", { name: "Your orders" }).click();
    await checkSignedIn(page, javaScriptEnabled);
    await page.getByRole("link", { name: new RegExp(reference) }).click();
    await expect(page.getByText("Waiting for your bank transfer")).toBeVisible();
    expect(new URL(page.url()).search).toBe("");
    await checkAccessible(page, browser, javaScriptEnabled);
    await cancelAndFree(page, path);
    expect(errors).toEqual([]);
    await context.close();
  });

  test(`a maker records the payment and sends the piece, the buyer confirms it arrived (${how})`, async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const id = fresh();
    const { context: makerContext, page: maker, errors: makerErrors } = await buyerBrowser(browser, javaScriptEnabled);
    await openPublishedStudio(maker, `Ruth ${id}`, `ruth-${id}@example.com`, `ruth-${id}`, false);
    const title = `Forged band ${id}`;
    await publishRing(maker, title, "380");
    await maker.goto("/studio/selling");
    await maker.getByLabel("Delivery price").fill("12");
    await maker.getByLabel("Currency").selectOption("GBP");
    await maker.getByLabel("Returns policy").fill("Within 14 days, unworn.");
    await maker.getByLabel("How to pay you by bank transfer").fill("Sort code 10-20-30, account 87654321");
    await maker.getByRole("button", { name: "Save the terms" }).click();
    await expect(maker.getByRole("status")).toContainText("Your terms of sale are saved");

    // The buyer orders it to be posted and pays by bank transfer.
    const { context: buyerContext, page: buyer, errors: buyerErrors } = await buyerBrowser(browser, javaScriptEnabled);
    await signUp(buyer, `Noor ${id}`, `noor-${id}@example.com`);
    await buyer.goto(`/makers/ruth-${id}`);
    await buyer.getByRole("link", { name: title }).first().click();
    await buyer.getByRole("link", { name: "Buy", exact: true }).click();
    await buyer.getByRole("radio", { name: "Delivery: £12, so £392 in all" }).check();
    await buyer.getByLabel("Name", { exact: true }).fill(`Noor ${id}`);
    await buyer.getByLabel("Address", { exact: true }).fill("9 Canal Wharf");
    await buyer.getByLabel("Town or city").fill("Leeds");
    await buyer.getByLabel("Postcode").fill("LS11 5PS");
    await buyer.getByRole("button", { name: "Hold it for me and choose how to pay" }).click();
    await buyer.getByRole("button", { name: "Pay by bank transfer" }).click();
    await expect(buyer.getByRole("status")).toContainText("Your order is placed");
    const reference = ((await buyer.getByRole("heading", { level: 1 }).textContent()) ?? "").replace("Order ", "");

    // The maker finds it waiting, records the money and sends it.
    await maker.goto("/studio/orders");
    await checkAccessible(maker, browser, javaScriptEnabled);
    await maker.getByRole("link", { name: new RegExp(reference) }).click();
    await expect(maker.getByText("9 Canal Wharf")).toBeVisible();
    await maker.getByLabel("How it came").selectOption({ label: "Bank transfer" });
    await maker.getByRole("button", { name: "Record £392 received" }).click();
    await expect(maker.getByRole("status")).toContainText("The payment is recorded");
    await checkAccessible(maker, browser, javaScriptEnabled);
    await maker.getByLabel("Carrier").fill("Royal Mail Special Delivery");
    await maker.getByLabel("Tracking number").fill("<b>AB123456789GB</b>");
    await maker.getByRole("button", { name: "Mark as sent" }).click();
    await expect(maker.getByRole("status")).toContainText("Marked as sent");
    await expect(maker.getByText("Royal Mail Special Delivery, tracking number <b>AB123456789GB</b>")).toBeVisible();

    // The buyer has it: the order completes and the piece is theirs, with its passport.
    await buyer.reload();
    await expect(buyer.getByText("tracking number <b>AB123456789GB</b>")).toBeVisible();
    await buyer.getByRole("button", { name: "I have received it" }).click();
    await expect(buyer.getByRole("status")).toContainText("the order is complete");
    await buyer.goto("/account/pieces");
    await expect(buyer.getByRole("link", { name: title })).toBeVisible();
    await checkAccessible(buyer, browser, javaScriptEnabled);
    await buyer.goto(`/makers/ruth-${id}`);
    await buyer.getByRole("link", { name: title }).first().click();
    await expect(buyer.getByText("Sold", { exact: true })).toBeVisible();
    expect(makerErrors).toEqual([]);
    expect(buyerErrors).toEqual([]);
    await makerContext.close();
    await buyerContext.close();
  });
}
