import {
  test,
  expect,
  buyerBrowser,
  expectAccessible,
  expectAccessibleWithoutScripts,
  checkAccessible,
  checkSignedIn,
  fresh,
  mail,
  openStudio,
  photo,
  signUp,
  withAndWithoutJavaScript,
} from "./fixtures";
import type { Page } from "@playwright/test";

withAndWithoutJavaScript(`a buyer in New York booking a London maker`, (javaScriptEnabled) => {
  test("books by keyboard in their own time zone, confirms by email, gets the invite and cancels", async ({
    page,
    browser,
  }) => {
    test.setTimeout(90_000);
    const email = `zoe.${fresh()}@example.com`;
    await page.goto("/makers?country=GB");
    await page.locator(".maker-card__name a, .maker-card a").first().click();
    const consultations = page.getByRole("region", { name: "Book a design consultation" });
    await consultations.getByRole("link", { name: "Design consultation" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Book a Design consultation with");

    if (javaScriptEnabled) {
      // The browser's zone is detected and the times follow it.
      await expect(page).toHaveURL(/zone=America%2FNew_York/);
    } else {
      await page.getByLabel("Times are shown in").selectOption("America/New_York");
      await page.getByRole("button", { name: "Show times in this zone" }).click();
    }
    await expect(page.getByRole("group", { name: /Choose a time \(America\/New York\)/ })).toBeVisible();
    await checkAccessible(page, browser, javaScriptEnabled);

    // Keyboard only: a time is chosen with the space bar, the form sent with Enter.
    // (The two runs of this test choose different times of the same maker; not the
    // first time shown, which turns too soon for the maker's notice on the hour.)
    const firstTime = page.getByRole("radio").nth(javaScriptEnabled ? 1 : 5);
    await firstTime.focus();
    await page.keyboard.press("Space");
    await expect(firstTime).toBeChecked();
    await page.getByLabel("Occasion").selectOption({ label: "Engagement" });
    await page.getByLabel("Metals you like").fill("18k yellow gold");
    await page.getByLabel("What do you have in mind?").fill("An oval sapphire set east-west.");
    await page.getByLabel("Your name").fill("Zoë O'Brien");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Request this time" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
    await expect(page.getByRole("status")).toContainText(`sent a link to ${email}`);

    const ask = await mail(page, email, "Confirm your consultation");
    await ask.getByRole("link").first().click();
    await page.getByRole("button", { name: "Confirm my booking" }).click();
    await expect(page.getByRole("status")).toContainText("the time is booked");
    await expect(page.getByText("America/New York")).toBeVisible();
    await expect(page.getByText("An oval sapphire set east-west.")).toBeVisible();
    await checkAccessible(page, browser, javaScriptEnabled);

    // The email carries an iCalendar invite.
    const booked = await mail(page, email, "Booked:");
    await expect(booked.getByText("Attachment: invite.ics (text/calendar; method=REQUEST")).toBeVisible();
    await booked.getByText("Attachment: invite.ics").click();
    await expect(booked.getByText(/METHOD:REQUEST/)).toBeVisible();
    await checkAccessible(page, browser, javaScriptEnabled);

    // The signed link in it cancels, without an account.
    await booked.getByRole("link", { name: /\/bookings\/\d+\?key=/ }).click();
    await page.getByRole("button", { name: "Cancel this consultation" }).click();
    await expect(page.getByRole("status")).toContainText("Cancelled");
    const cancelled = await mail(page, email, "Cancelled:");
    await cancelled.getByText("Attachment: cancellation.ics").click();
    await expect(cancelled.getByText(/METHOD:CANCEL/)).toBeVisible();
  });
}, { timezoneId: "America/New_York" });


/** Ana Ruiz opens and publishes a London studio (`ana-{suffix}`), open on weekdays, offering one consultation. */
async function anaOffers(page: Page, suffix: string, consultation: string, approval: boolean) {
  await signUp(page, "Ana Ruiz", `ana.${suffix}@example.com`);
  await openStudio(page, `ana-${suffix}`, "United Kingdom", "Engagement rings to order");
  await page.getByRole("link", { name: "Edit profile" }).click();
  await page.getByLabel("Your story").fill("I design every ring with the person who will wear it.");
  await page.getByRole("button", { name: "Save profile" }).click();
  await page.getByRole("link", { name: "← Your studio" }).click();
  await page.getByRole("button", { name: "Publish my profile" }).click();

  await page.getByRole("link", { name: "Consultations and availability" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Consultations");
  await expect(page.getByLabel("Your time zone")).toHaveValue("Europe/London");
  await page.getByLabel("Monday from (1)").fill("09:00");
  await page.getByLabel("Minimum notice, in hours").fill("1");
  await page.getByRole("button", { name: "Save availability" }).click();
  await expect(page.getByRole("status")).toContainText("Availability saved");
  await page.getByLabel("Name", { exact: true }).fill(consultation);
  await page.getByLabel("Length").selectOption({ label: "1 hour" });
  await page.getByLabel("How it is held").selectOption({ label: "Studio visit" });
  if (approval) {
    await page.getByRole("checkbox", { name: "I accept or decline each request myself" }).check();
  }
  await page.getByRole("button", { name: "Offer it" }).click();
  await expect(page.getByRole("status")).toContainText(`“${consultation}” is offered now.`);
}

test.describe("a maker who approves each request", () => {
  test("offers a studio visit, accepts one request and declines another with a message", async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    const suffix = fresh();
    await anaOffers(page, suffix, "Studio visit", true);
    await expectAccessible(page);

    // Two requests from a buyer with an account of their own.
    const buyerContext = await browser.newContext();
    const buyer = await buyerContext.newPage();
    const buyerEmail = `mia.${suffix}@example.com`;
    await signUp(buyer, "Mia Chen", buyerEmail);
    for (const slot of [0, 3]) {
      await buyer.goto(`/makers/ana-${suffix}`);
      await buyer.getByRole("link", { name: "Studio visit" }).click();
      await buyer.getByRole("radio").nth(slot).check();
      await buyer.getByLabel("What do you have in mind?").fill(`Request ${slot}: a signet ring.`);
      await buyer.getByRole("button", { name: "Request this time" }).click();
      await expect(buyer.getByRole("status")).toContainText("Request sent");
      await expect(buyer.getByText("Waiting for the maker to confirm")).toBeVisible();
    }

    await page.goto("/studio/bookings");
    await expect(page.getByRole("heading", { name: "Waiting for your answer (2)" })).toBeVisible();
    await expectAccessible(page);
    const first = page.getByRole("form", { name: /^Answer Mia Chen/ }).first();
    await first.getByRole("button", { name: "Accept" }).click();
    await expect(page.getByRole("status")).toContainText("Accepted");
    const second = page.getByRole("form", { name: /^Answer Mia Chen/ }).first();
    await second.getByLabel("Message to Mia Chen").fill("I'm at a fair that week: any time the week after?");
    await second.getByRole("button", { name: "Decline" }).click();
    await expect(page.getByRole("status")).toContainText("Declined");
    await expect(page.getByRole("heading", { name: "Coming up (1)" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Declined or cancelled (1)" })).toBeVisible();

    const accepted = await mail(buyer, buyerEmail, "Confirmed:");
    await expect(accepted.getByText("Attachment: invite.ics")).toBeVisible();
    const declined = await mail(buyer, buyerEmail, "Cancelled:");
    await expect(declined.getByText(/I'm at a fair that week/)).toBeVisible();
    await buyerContext.close();
  });
});

test.describe("moving a booking, without JavaScript for the buyer", () => {
  test("the buyer moves it and shows pictures; the maker suggests another time; the buyer accepts it", async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    const suffix = fresh();
    await anaOffers(page, suffix, "Ring consultation", false);

    const buyerContext = await browser.newContext({ javaScriptEnabled: false, timezoneId: "Asia/Tokyo" });
    const buyer = await buyerContext.newPage();
    const buyerEmail = `mia.${suffix}@example.com`;
    await signUp(buyer, "Mia Chen", buyerEmail);
    await buyer.goto(`/makers/ana-${suffix}`);
    await buyer.getByRole("link", { name: "Ring consultation" }).click();
    await buyer.getByRole("radio").nth(0).check();
    await buyer.getByLabel("What do you have in mind?").fill("A signet ring from my grandfather's gold.");
    await buyer.getByRole("button", { name: "Request this time" }).click();
    await expect(buyer.getByRole("status")).toContainText("Booked");
    const firstTime = await buyer.getByText(/\(Europe\/London\)$/).first().textContent();

    // The buyer moves it.
    await buyer.getByRole("link", { name: "Choose another time" }).click();
    await expect(buyer.getByRole("heading", { level: 1 })).toHaveText("Move your Ring consultation with Ana Ruiz");
    await expectAccessibleWithoutScripts(browser, buyer.url());
    await buyer.getByRole("radio").nth(1).check();
    await buyer.getByRole("button", { name: "Move to this time" }).click();
    await expect(buyer.getByRole("status")).toContainText("Moved to");
    const bookingPage = buyer.url();
    const moved = await mail(buyer, buyerEmail, "Moved:");
    await moved.getByText("Attachment: invite.ics").click();
    await expect(moved.getByText(/SEQUENCE:1/)).toBeVisible();

    // And shows the maker pictures of what they have in mind.
    await buyer.goto(bookingPage);
    await buyer.getByLabel("Add pictures for the maker").setInputFiles([
      { name: "signet.png", mimeType: "image/png", buffer: photo(640, 480) },
      { name: "gold.png", mimeType: "image/png", buffer: photo(480, 640) },
    ]);
    await buyer.getByRole("button", { name: "Add pictures", exact: true }).click();
    await expect(buyer.getByRole("status")).toContainText("2 pictures added");
    await expect(buyer.getByRole("img", { name: "Reference picture 2" })).toBeVisible();
    await expectAccessibleWithoutScripts(browser, buyer.url());

    // The maker sees them, and suggests another time.
    await page.goto("/studio/bookings");
    await expect(page.getByRole("img", { name: "Reference picture 1" })).toBeVisible();
    await page.getByRole("link", { name: "Suggest another time to Mia Chen" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Suggest another time to Mia Chen");
    await expectAccessible(page);
    await page.getByRole("radio").nth(2).check();
    await page.getByLabel("Message to Mia Chen").fill("Could we meet a little later? The morning light is better.");
    await page.getByRole("button", { name: "Suggest this time" }).click();
    await expect(page.getByRole("status")).toContainText("Suggested");
    await expect(page.getByText("waiting for Mia Chen to accept it")).toBeVisible();

    // The buyer accepts it by the link in the email.
    const suggestion = await mail(buyer, buyerEmail, "Ana Ruiz suggests another time");
    await expect(suggestion.getByText(/The morning light is better/).first()).toBeVisible();
    await suggestion.getByRole("link", { name: /\/bookings\/\d+\?key=/ }).click();
    await expect(buyer.getByText("Ana Ruiz suggests this time")).toBeVisible();
    await expectAccessibleWithoutScripts(browser, buyer.url());
    await buyer.getByRole("button", { name: "Accept this time" }).click();
    await expect(buyer.getByRole("status")).toContainText("Booked for");
    expect(await buyer.getByText(/\(Europe\/London\)$/).first().textContent()).not.toEqual(firstTime);
    const booked = await mail(buyer, buyerEmail, "Booked:");
    await booked.getByText("Attachment: invite.ics").click();
    await expect(booked.getByText(/METHOD:REQUEST/)).toBeVisible();
    await buyerContext.close();
  });
});

withAndWithoutJavaScript(`a booking's messages`, (javaScriptEnabled) => {
  // With JavaScript the buyer has an account; without, they are a guest who came by their email's link.
  test("the buyer writes before the meeting, the maker sees it flagged and answers, the buyer reads the answer", async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    const suffix = fresh();
    await anaOffers(page, suffix, "Ring consultation", false);

    const { context: buyerContext, page: buyer, errors: buyerErrors } = await buyerBrowser(
      browser,
      javaScriptEnabled,
    );
    const buyerEmail = `zoe.${suffix}@example.com`;
    if (javaScriptEnabled) await signUp(buyer, "Zoë O'Brien", buyerEmail);
    await buyer.goto(`/makers/ana-${suffix}`);
    await buyer.getByRole("link", { name: "Ring consultation" }).click();
    // With JavaScript the page reloads once in the browser's own zone: choose after that.
    if (javaScriptEnabled) await expect(buyer).toHaveURL(/zone=/);
    await buyer.getByRole("radio").nth(1).check();
    await buyer.getByLabel("What do you have in mind?").fill("A ring from my grandmother's gold.");
    if (!javaScriptEnabled) {
      await buyer.getByLabel("Your name").fill("Zoë O'Brien");
      await buyer.getByLabel("Email address").fill(buyerEmail);
    }
    await buyer.getByRole("button", { name: "Request this time" }).click();
    if (javaScriptEnabled) {
      await expect(buyer.getByRole("status")).toContainText("Booked");
    } else {
      await (await mail(buyer, buyerEmail, "Confirm your consultation")).getByRole("link").first().click();
      await buyer.getByRole("button", { name: "Confirm my booking" }).click();
      await expect(buyer.getByRole("status")).toContainText("the time is booked");
      await (await mail(buyer, buyerEmail, "Booked:")).getByRole("link", { name: /\/bookings\/\d+\?key=/ }).click();
    }
    const buyerMessages = buyer.getByRole("region", { name: "Messages", exact: true });
    await expect(buyerMessages).toContainText(
      "No messages yet. Anything to ask or tell Ana Ruiz before you meet? Write here: they get an email.",
    );
    await expect(buyerMessages.getByLabel("Pictures for Ana Ruiz")).toBeVisible();
    await expect(buyerMessages.getByRole("button", { name: "Send pictures" })).toBeVisible();

    // Only spaces: refused, with what to do.
    await buyerMessages.getByLabel("Write to Ana Ruiz").fill("   ");
    await buyerMessages.getByRole("button", { name: "Send message" }).click();
    await expect(buyer.getByRole("alert")).toContainText("Please write a message of at most 4000 characters.");

    // Markup is kept as the text it was typed as.
    const question = "Can I bring <b>her</b> ring along?";
    await buyerMessages.getByLabel("Write to Ana Ruiz").fill(question);
    await buyerMessages.getByRole("button", { name: "Send message" }).click();
    await expect(buyer.getByRole("status")).toContainText("Message sent.");
    const sent = buyerMessages.getByRole("listitem").filter({ hasText: question });
    await expect(sent).toContainText("Zoë O'Brien");
    await expect(sent.locator("time")).not.toBeEmpty();
    await expect(buyerMessages.locator("b")).toHaveCount(0);
    await checkSignedIn(buyer, javaScriptEnabled);

    // The maker sees it counted in the header, and flagged new in the booking's messages.
    await page.goto("/studio");
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Your studio: consultation requests, 1 unread message", exact: true })
      .click();
    await expect(page).toHaveURL(/\/studio\/bookings$/);
    await page.getByRole("link", { name: "Messages with Zoë O'Brien" }).click();
    await expect(page).toHaveURL(/\/studio\/bookings\/\d+#messages$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Messages with Zoë O'Brien");
    await expect(page.getByText(/^Ring consultation, /)).toBeVisible();
    await expect(page.getByRole("link", { name: "All your bookings" })).toHaveAttribute("href", "/studio/bookings");
    const makerMessages = page.getByRole("region", { name: "Messages", exact: true });
    const received = makerMessages.getByRole("listitem").filter({ hasText: question });
    await expect(received).toContainText("Zoë O'Brien");
    await expect(received.getByText("new", { exact: true })).toBeVisible();
    await expect(makerMessages.locator("b")).toHaveCount(0);
    await checkSignedIn(page, javaScriptEnabled);

    const answer = "Yes, please bring it: we can look at reusing the gold.";
    await makerMessages.getByLabel("Write to Zoë O'Brien").fill(answer);
    await makerMessages.getByRole("button", { name: "Send message" }).click();
    await expect(page.getByRole("status")).toContainText("Message sent.");
    await expect(makerMessages.getByRole("listitem").filter({ hasText: answer })).toContainText("Ana Ruiz");
    await expect(makerMessages.getByText("new", { exact: true }), "read once shown").toHaveCount(0);
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Your studio", exact: true }),
    ).toBeVisible();

    // The buyer finds the answer on their booking's page.
    await buyer.reload();
    const answered = buyerMessages.getByRole("listitem").filter({ hasText: answer });
    await expect(answered).toContainText("Ana Ruiz");
    await expect(answered.getByText("new", { exact: true })).toBeVisible();
    await expect(buyerMessages.getByRole("listitem")).toHaveCount(2);
    await checkSignedIn(buyer, javaScriptEnabled);

    expect(buyerErrors, "the buyer's console errors").toEqual([]);
    await buyerContext.close();
  });
});
