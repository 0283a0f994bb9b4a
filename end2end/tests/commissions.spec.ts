import {
  test,
  expect,
  buyerBrowser,
  checkAccessible,
  checkSignedIn,
  fresh,
  openPublishedStudio,
  openStudio,
  photo,
  signUp,
  withAndWithoutJavaScript,
} from "./fixtures";
import type { Page } from "@playwright/test";

/**
 * A commission from both sides: a maker who takes commissions and a buyer, each in
 * a browser of their own, every step taken by the visible labels of its form.
 */

/**
 * WCAG's reflow: at 320 CSS pixels wide the page reads without scrolling sideways
 * (long terms, amounts and SHA-256 digests wrap).
 */
async function expectReflows(page: Page) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 720 });
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: "page width at 320 px" })
    .toBeLessThanOrEqual(320);
  if (size) await page.setViewportSize(size);
}

/** Presses a step's button and waits for the page it leads back to to say it was done. */
async function takeStep(page: Page, button: string, notice: string) {
  await page.getByRole("button", { name: button, exact: true }).click();
  await expect(page.getByRole("status")).toContainText(notice);
}

/** The commission's stage line, under its heading. */
const stage = (page: Page) => page.locator(".commission > p.status");

/** A form on the commission page, by its heading. */
const stepForm = (page: Page, heading: string) =>
  page.locator("form").filter({ has: page.getByRole("heading", { name: heading, exact: true }) });

/** The maker fills in the proposal form (its deposit, rounds and refunds left as suggested). */
async function propose(page: Page, price: string, dimensions: string) {
  const form = stepForm(page, "Send your proposal");
  await expect(form.getByLabel("Deposit (per cent or amount)")).toHaveValue("50");
  await expect(form.getByRole("radio", { name: "A share of the price, in per cent" })).toBeChecked();
  await expect(form.getByLabel("Design rounds included")).toHaveValue("2");
  await expect(form.getByLabel("Refund before the design is agreed (per cent of what was paid)")).toHaveValue("80");
  await expect(form.getByLabel("Refund after the design is agreed (per cent)")).toHaveValue("50");
  await expect(form.getByLabel("Refund once making has started (per cent)")).toHaveValue("0");
  await form.getByLabel("The piece", { exact: true }).fill("Engagement ring");
  await form.getByLabel("Metals, with their fineness").fill("18k recycled yellow gold (750)");
  await form.getByLabel("Stones (natural or laboratory-grown)").fill("1 ct laboratory-grown sapphire, oval");
  await form.getByLabel("Dimensions").fill(dimensions);
  await form.getByLabel("Ring size").fill("UK M");
  await form.getByLabel("Currency").selectOption("GBP");
  await form.getByLabel("Price", { exact: true }).fill(price);
  await form.getByLabel("Lead time in weeks").fill("6");
  await takeStep(page, "Send the proposal", "You sent a proposal.");
}

/** The buyer asks `maker` (at `/makers/{slug}`) for a ring from their profile; the commission's path. */
async function requestFrom(buyer: Page, slug: string, maker: string, brief: string) {
  await buyer.goto(`/makers/${slug}`);
  await expect(buyer.getByText("Open for commissions")).toBeVisible();
  await buyer.getByRole("link", { name: "Commission a piece" }).click();
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText(`Commission a piece from ${maker}`);
  await buyer.getByLabel("What would you like made?").fill(brief);
  await buyer.getByRole("button", { name: "Send my request" }).click();
  await expect(buyer.getByRole("status")).toContainText(`Your request is with ${maker}`);
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText(`Commission with ${maker}`);
  await expect(stage(buyer)).toHaveText("Waiting for the maker's proposal");
  return new URL(buyer.url()).pathname;
}

withAndWithoutJavaScript(`a commission`, (javaScriptEnabled) => {
  test("from the request through a revised proposal, the deposit, the signed design and delivery to the passport", async ({
    page,
    browser,
  }) => {
    test.setTimeout(300_000);
    const suffix = fresh();
    const slug = `ana-${suffix}`;
    await openPublishedStudio(page, "Ana Ruiz", `ana.${suffix}@example.com`, slug, true);

    // 1. The buyer asks from the maker's profile.
    const { context: buyerContext, page: buyer, errors: buyerErrors } = await buyerBrowser(
      browser,
      javaScriptEnabled,
    );
    await signUp(buyer, "Ben Okafor", `ben.${suffix}@example.com`);
    await buyer.goto(`/makers/${slug}`);
    await buyer.getByRole("link", { name: "Commission a piece" }).click();
    await expect(buyer.getByRole("heading", { level: 1 })).toHaveText("Commission a piece from Ana Ruiz");
    await checkSignedIn(buyer, javaScriptEnabled);
    const brief = "An engagement ring with an oval sapphire, in recycled yellow gold.";
    await buyer.getByLabel("What would you like made?").fill(brief);
    await buyer.getByRole("button", { name: "Send my request" }).click();
    await expect(buyer.getByRole("status")).toContainText(
      "Your request is with Ana Ruiz: you'll hear by email when the proposal is ready.",
    );
    await expect(buyer.getByRole("heading", { level: 1 })).toHaveText("Commission with Ana Ruiz");
    await expect(stage(buyer)).toHaveText("Waiting for the maker's proposal");
    await expect(buyer.getByRole("region", { name: "The brief" })).toContainText(brief);
    // The maker's steps are not the buyer's to take.
    await expect(buyer.getByRole("heading", { name: "Send your proposal" })).toHaveCount(0);
    const commission = new URL(buyer.url()).pathname;
    expect(commission).toMatch(/^\/commissions\/\d+$/);
    await checkSignedIn(buyer, javaScriptEnabled);

    // The buyer writes to the maker; the maker's header counts it until she reads it.
    await buyer.getByLabel("Write to Ana Ruiz").fill("Is rose gold possible too?");
    await buyer.getByRole("button", { name: "Send message" }).click();
    await expect(buyer.getByRole("status")).toContainText("Message sent.");
    await expect(buyer.getByRole("region", { name: "Messages" })).toContainText("Is rose gold possible too?");

    // 2. The maker finds it in the studio's commissions, waiting for them, and proposes.
    await page.goto("/studio");
    await expect(page.getByRole("link", { name: "Commissions, 1 unread message" })).toBeVisible();
    await page.getByRole("main").getByRole("link", { name: "Commissions", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Commissions");
    const listed = page.getByRole("listitem").filter({ hasText: "with Ben Okafor" });
    await expect(listed).toContainText("Your step:");
    await expect(listed).toContainText("Waiting for the maker's proposal");
    await checkSignedIn(page, javaScriptEnabled);
    await listed.getByRole("link", { name: `${brief} — with Ben Okafor` }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Commission with Ben Okafor");
    await expect(page.getByRole("region", { name: "The brief" })).toContainText(brief);
    await expect(page.getByRole("heading", { name: "Send your proposal" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Messages" })).toContainText("Is rose gold possible too?");
    await expect(page.getByRole("link", { name: /unread message/ })).toHaveCount(0);
    await checkSignedIn(page, javaScriptEnabled);
    await propose(page, "2400", "Band 2.2 mm");
    await expect(stage(page)).toHaveText("Waiting for the buyer's answer to the proposal");

    // 3. The buyer reads it all, and asks for changes.
    await buyer.goto(commission);
    const first = buyer.getByRole("region", { name: "Proposal, version 1" });
    await expect(first).toContainText("Open until");
    for (const [term, value] of [
      ["The piece", "Engagement ring"],
      ["Metals", "18k recycled yellow gold (750)"],
      ["Price", "£2,400"],
      ["Deposit", "£1,200 (50% of the price), credited to the price"],
      ["Design rounds included", "2"],
      ["Lead time", "6 weeks from the agreed design"],
      ["If the buyer cancels before the design is agreed", "80% of what was paid comes back"],
      ["If the buyer cancels after the design is agreed", "50% of what was paid comes back"],
      ["If the buyer cancels once making has started", "0% of what was paid comes back"],
      ["If the maker cancels", "everything paid comes back"],
    ]) {
      await expect(first.getByRole("term").filter({ hasText: new RegExp(`^${term}$`) })).toHaveCount(1);
      await expect(first.getByRole("definition").filter({ hasText: value }).first()).toBeVisible();
    }
    await expect(buyer.getByRole("button", { name: "Accept proposal version 1" })).toBeVisible();
    await checkSignedIn(buyer, javaScriptEnabled);
    await buyer.getByLabel("What would you like changed?").fill("A thinner band, please.");
    await takeStep(buyer, "Ask for changes", "You asked for changes.");
    await expect(stage(buyer)).toHaveText("Waiting for a revised proposal");

    // The maker revises it from the form filled in with the first version.
    await page.goto("/studio/commissions");
    await expect(page.getByRole("listitem").filter({ hasText: "Engagement ring — with Ben Okafor" })).toContainText(
      "Your step:",
    );
    await page.getByRole("link", { name: "Engagement ring — with Ben Okafor" }).click();
    await expect(page.getByRole("region", { name: "Timeline" })).toContainText("A thinner band, please.");
    const revision = stepForm(page, "Revise your proposal");
    await expect(revision.getByLabel("Metals, with their fineness")).toHaveValue("18k recycled yellow gold (750)");
    await revision.getByLabel("Dimensions").fill("Band 1.8 mm");
    await revision.getByLabel("Price", { exact: true }).fill("2600");
    await takeStep(page, "Send the revised proposal", "You sent a");
    await expect(page.getByRole("region", { name: "Proposal, version 2" })).toContainText("Band 1.8 mm");

    // The buyer accepts version 2.
    await buyer.goto(commission);
    const second = buyer.getByRole("region", { name: "Proposal, version 2" });
    await expect(second).toContainText("Band 1.8 mm");
    await expect(second).toContainText("£2,600");
    await expect(second).toContainText("£1,300 (50% of the price), credited to the price");
    await takeStep(buyer, "Accept proposal version 2", "You accepted proposal version 2.");
    await expect(stage(buyer)).toHaveText("Waiting for the deposit");
    await expect(buyer.getByRole("heading", { name: "Money" })).toBeVisible();

    // The deposit may be paid by card: Stripe's own form (here localstripe's), or
    // without JavaScript the word that it needs it. This buyer pays by transfer.
    await takeStep(buyer, "Pay £1,300 by card", "Please enter your card below to pay £1,300.");
    await expect(buyer.getByRole("heading", { name: "Pay by card" })).toBeVisible();
    if (javaScriptEnabled) await expect(buyer.locator("#card-element input").first()).toBeVisible();
    else await expect(buyer.getByText("The card form needs JavaScript")).toBeVisible();

    // 4. The maker records the deposit and posts a design; the buyer approves it.
    await page.goto(commission);
    await stepForm(page, "Record a payment received").getByLabel("Amount received (GBP)").fill("1300");
    await takeStep(page, "Record the payment", "You recorded a payment of £1,300.");
    await expect(stage(page)).toHaveText("In design");
    await expect(page.getByText("Design round 1 of 2 included")).toBeVisible();

    // The buyer's own sapphire: the maker records it as she takes it in.
    const custody = page.getByRole("region", { name: "The client's own materials" });
    await custody.getByText("Take in a stone").click();
    const intake = custody.locator("form").filter({ has: page.getByRole("button", { name: "Record the stone" }) });
    await intake.getByLabel("Stone", { exact: true }).fill("Sapphire");
    await intake.getByLabel("Shape and cut").fill("Cushion");
    await intake.getByLabel("Measurements").fill("6.4 × 6.0 × 4.1 mm");
    await intake.getByLabel("Approximate weight (carats)").fill("1.15");
    await intake.getByLabel("Colour").fill("Cornflower blue");
    await intake.getByLabel("Visible inclusions or damage").fill("A chip at 4 o'clock");
    await intake.getByLabel("Condition at intake").fill("Worn facet edges.");
    await intake.getByLabel("Handed over by").fill("The client, in person");
    await intake.getByLabel("Handed over on").fill("2026-11-30");
    await intake.getByLabel("The terms you take it on").fill("Stones can crack while being set.");
    await intake
      .getByLabel("Photos")
      .setInputFiles({ name: "sapphire.png", mimeType: "image/png", buffer: photo(640, 480) });
    await takeStep(page, "Record the stone", "Intake record 1 kept.");
    await expect(custody).toContainText("Not acknowledged by the client yet.");
    await expect(custody).toContainText("The custody log verifies");
    await checkSignedIn(page, javaScriptEnabled);

    // The buyer reads the record and its terms, acknowledges it, and keeps the receipt.
    await buyer.goto(commission);
    const handedOver = buyer.getByRole("region", { name: "The client's own materials" });
    await expect(handedOver).toContainText("Stones can crack while being set.");
    await expect(handedOver.getByRole("img", { name: "Sapphire at intake, photo 1" }).first()).toBeVisible();
    await expect(handedOver.getByRole("button", { name: "Record the stone" })).toHaveCount(0);
    await takeStep(buyer, "I acknowledge this record and its terms", "You acknowledged intake record 1.");
    await expect(handedOver).toContainText("Acknowledged by the client on");
    await checkSignedIn(buyer, javaScriptEnabled);
    await handedOver.getByRole("link", { name: "Printable intake receipt" }).click();
    await expect(buyer.getByRole("heading", { level: 1 })).toHaveText("Intake receipt: Sapphire");
    await expect(buyer.getByRole("status")).toContainText("this record is as it was made");
    await expect(buyer.getByRole("definition").filter({ hasText: "1.15 ct" })).toHaveCount(1);
    await checkSignedIn(buyer, javaScriptEnabled);
    await page.goto(commission);
    const design = stepForm(page, "Post a design");
    await design.getByLabel("Sketches, renders or photos of the design").setInputFiles({
      name: "sketch-a.png",
      mimeType: "image/png",
      buffer: photo(640, 480),
    });
    await design.getByLabel("About this design").fill("Sketch A: a slim band, the sapphire in a low bezel.");
    await takeStep(page, "Post the design", "You posted a design.");
    await expect(stage(page)).toHaveText("Waiting for the buyer's answer to the design");
    await expect(page.getByRole("img", { name: "Design round 1, picture 1" })).toBeVisible();

    // The buyer sees the design, its picture and what it would cost to stop now.
    await buyer.goto(commission);
    await expect(buyer.getByRole("region", { name: "Timeline" })).toContainText("Sketch A: a slim band");
    const sketch = buyer.getByRole("img", { name: "Design round 1, picture 1" });
    await expect(sketch).toBeVisible();
    const sketchFile = await buyer.request.get((await sketch.getAttribute("src"))!);
    expect(sketchFile.status(), "the design picture loads for the buyer").toBe(200);
    const sketchDigest = (
      await buyer.getByRole("region", { name: "Timeline" }).locator(".digest code").first().textContent()
    )!.trim();
    expect(sketchDigest).toMatch(/^[0-9a-f]{64}$/);
    await expectReflows(buyer);
    await expect(buyer.getByText("If you cancel now, £1,040 comes back to the buyer")).toBeVisible();
    await takeStep(
      buyer,
      "Approve this design and sign the agreement",
      "You approved the design: the agreement is signed and frozen.",
    );
    await expect(stage(buyer)).toHaveText("Agreed, about to be made");
    await expect(buyer.getByText("The signed design agreement — verified")).toBeVisible();
    await checkSignedIn(buyer, javaScriptEnabled);
    await buyer.getByRole("link", { name: "The signed design agreement" }).click();
    await expect(buyer.getByRole("heading", { level: 1 })).toHaveText("Design agreement with Ana Ruiz");
    await expect(buyer.getByRole("status")).toContainText("Verified: signed by Touchstone, and unchanged since.");
    await expect(buyer.getByRole("definition").filter({ hasText: "£2,600" })).toHaveCount(1);
    await expect(buyer.getByText("round 1 of proposal version 2")).toBeVisible();
    await expect(
      buyer.getByRole("definition").filter({ hasText: sketchDigest }),
      "the agreement names the approved design's picture by its SHA-256",
    ).toHaveCount(1);
    await expectReflows(buyer);
    await checkSignedIn(buyer, javaScriptEnabled);

    // The maker writes up the finished piece: prefilled from the agreement, and private.
    await page.goto(commission);
    const finished = page.getByRole("region", { name: "The finished piece" });
    await finished.getByRole("button", { name: "Write up the finished piece" }).click();
    await expect(page.getByRole("status")).toContainText(
      "This is the commission's finished piece, private to your client",
    );
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Engagement ring");
    await expect(
      page.getByText(
        "Made for a client's commission: it stays private unless your client agrees that you may show it. " +
          "Its passport is issued from the commission's page.",
      ),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: "Archive" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Publish", exact: true })).toHaveCount(0);
    const pieceEditor = new URL(page.url()).pathname;
    expect(pieceEditor).toMatch(/^\/studio\/pieces\/\d+$/);

    // 5. The maker makes it, is paid the balance and sends it; the buyer receives it.
    await page.goto(commission);
    await takeStep(page, "Start making", "You started making the piece.");
    await expect(stage(page)).toHaveText("Being made");
    await page.getByLabel("What was done").fill("Cast and set: the sapphire sits low and level.");
    await takeStep(page, "Post progress", "You posted progress.");
    const happened = page.locator("form").filter({
      has: page.getByRole("heading", { name: "Record what happened to the sapphire" }),
    });
    await happened.getByLabel("What happened").selectOption({ label: "Set into the piece" });
    await happened.getByLabel("Note").fill("Four claws; the chip sits under one.");
    await takeStep(page, "Record it", "Recorded: set into the piece.");
    await expect(page.getByRole("region", { name: "The client's own materials" })).toContainText(
      "The Sapphire was set into the piece.",
    );
    await checkSignedIn(page, javaScriptEnabled);
    await takeStep(page, "The piece is finished", "You finished the piece.");
    await expect(stage(page)).toHaveText("Ready");
    await expect(page.getByRole("button", { name: "Mark as sent" })).toBeHidden();

    // Made: its passport waits for a described photo of it.
    await finished.getByRole("button", { name: "Issue the passport" }).click();
    await expect(page.getByRole("alert")).toContainText("Add at least one photo.");
    await finished.getByRole("link", { name: "Edit the piece, its photos and its disclosure" }).click();
    await page
      .getByLabel("Add photos")
      .setInputFiles({ name: "ring.png", mimeType: "image/png", buffer: photo(640, 480) });
    await page.getByRole("button", { name: "Upload" }).click();
    await expect(page.getByRole("status")).toContainText("Photo added.");
    await page.getByLabel("Description of photo 1").fill("The ring from above: an oval sapphire in a low bezel");
    await takeStep(page, "Save descriptions", "Photo descriptions saved.");
    await page.getByRole("link", { name: "commission", exact: true }).click();
    await takeStep(page, "Issue the passport", "The passport is issued (version 1) at /passport/");
    await expect(finished.getByRole("button", { name: "Renew the passport" })).toBeVisible();
    await expect(finished.getByRole("link", { name: "The piece's provenance passport" })).toBeVisible();
    await stepForm(page, "Record a payment received").getByLabel("Amount received (GBP)").fill("1300");
    await takeStep(page, "Record the payment", "You recorded a payment of £1,300.");
    await page.getByLabel("Carrier and tracking number").fill("Royal Mail AB123456789GB");
    await takeStep(page, "Mark as sent", "You sent the piece.");
    await expect(stage(page)).toHaveText("On its way");

    await buyer.goto(commission);
    await expect(buyer.getByRole("region", { name: "Timeline" })).toContainText("Royal Mail AB123456789GB");
    await takeStep(buyer, "The piece arrived", "You confirmed the piece arrived.");
    await expect(stage(buyer)).toHaveText("Completed");
    await expect(buyer.getByText("Nothing more: this commission is closed.")).toBeVisible();
    const timeline = buyer.getByRole("region", { name: "Timeline" });
    for (const line of [
      "Ana Ruiz sent a proposal.",
      "Ben Okafor asked for changes.",
      "Ben Okafor accepted proposal version 2.",
      "Ana Ruiz posted progress.",
      "Ana Ruiz sent the piece.",
      "Ben Okafor confirmed the piece arrived.",
    ]) {
      await expect(timeline.getByText(line).first()).toBeVisible();
    }

    // The buyer holds the passport: it names the agreement and the design by their SHA-256.
    const agreementDigest = (await buyer.getByText("SHA-256 of the agreement").locator("code").textContent())!.trim();
    const held = buyer.getByRole("region", { name: "The finished piece" });
    await expect(held).toContainText(
      "Private: only the two of you, and whoever the buyer gives the passport link to, can see it.",
    );
    await held.getByRole("link", { name: "The piece's provenance passport" }).click();
    await expect(buyer.getByRole("status")).toContainText("Valid.");
    await expect(buyer.getByText("Engagement ring by Ana Ruiz, privately owned")).toBeVisible();
    await expect(buyer.getByRole("link", { name: "Engagement ring" }), "no page of its own").toHaveCount(0);
    await expect(buyer.getByRole("heading", { name: "Made to commission" })).toBeVisible();
    await expect(
      buyer.getByText(/^The client's own Sapphire, taken in on 2026-11-30, set into the piece on \d{4}-\d{2}-\d{2}\.$/),
    ).toBeVisible();
    for (const digest of [agreementDigest, sketchDigest]) {
      await expect(buyer.getByRole("definition").filter({ hasText: digest })).toHaveCount(1);
    }
    // Public to whoever has the link: checked in a browser of its own.
    await checkAccessible(buyer, browser, javaScriptEnabled);

    // Later it needs resizing: the buyer makes a link for whichever maker does it.
    await buyer.goto(commission);
    await held.getByRole("button", { name: "Make a link for a maker to record work" }).click();
    const consent = buyer.getByRole("status");
    await expect(consent).toContainText("Give this link to the maker who will work on the piece");
    const workLink = (await consent.textContent())!.match(/\/passport\/[0-9a-f]+\/work\?consent=[0-9a-f.]+/)![0];
    const {
      context: jewellerContext,
      page: jeweller,
      errors: jewellerErrors,
    } = await buyerBrowser(browser, javaScriptEnabled);
    await signUp(jeweller, "Dora Ng", `dora.${suffix}@example.com`);
    await openStudio(jeweller, `dora-${suffix}`, "United Kingdom", "Repairs and resizing");
    await jeweller.goto(workLink);
    await expect(jeweller.getByText("Publish your studio's profile first")).toBeVisible();
    await jeweller.goto("/studio");
    await jeweller.getByRole("link", { name: "Edit profile" }).click();
    await jeweller.getByLabel("Your story").fill("I resize and repair rings, whoever made them.");
    await jeweller.getByRole("button", { name: "Save profile" }).click();
    await expect(jeweller.getByRole("status")).toContainText("Your profile is saved.");
    await jeweller.getByRole("link", { name: "← Your studio" }).click();
    await jeweller.getByRole("button", { name: "Publish my profile" }).click();
    await expect(jeweller.getByRole("status")).toContainText("Your profile is public");
    await jeweller.goto(workLink);
    await expect(jeweller.getByRole("heading", { level: 1 })).toHaveText("Record work on Engagement ring by Ana Ruiz");
    await checkSignedIn(jeweller, javaScriptEnabled);
    await jeweller.getByLabel("The work").selectOption({ label: "Resized" });
    await jeweller.getByLabel("Done on").fill("2026-12-01");
    await jeweller.getByLabel("What was done").fill("From UK M to UK N.");
    await jeweller.getByRole("button", { name: "Record it on the passport" }).click();
    await expect(jeweller.getByRole("status")).toContainText("Valid.");
    const life = jeweller.getByRole("region", { name: "Its life since it was made" });
    await expect(life).toContainText("Resized on 2026-12-01 by Dora Ng");
    await expect(life).toContainText("From UK M to UK N.");
    await checkAccessible(jeweller, browser, javaScriptEnabled);
    // The refusal before her profile was public answered 400, as it should.
    const unexpected = jewellerErrors.filter((error) => !(error.includes("400") && error.includes("/work?consent=")));
    expect(unexpected, "the jeweller's console errors").toEqual([]);
    await jewellerContext.close();

    // The buyer lets the maker show it: the maker may now publish it (not done
    // here, so the demo catalogue other tests read stays as it is).
    await buyer.goto(commission);
    await takeStep(
      buyer,
      "Let Ana Ruiz show it in their portfolio",
      "Ana Ruiz may show the piece in their portfolio; it appears there once they publish it.",
    );
    await expect(held.getByRole("button", { name: "Keep it private: Ana Ruiz may no longer show it" })).toBeVisible();
    await checkSignedIn(buyer, javaScriptEnabled);
    await page.goto(pieceEditor);
    await expect(page.getByRole("button", { name: "Publish", exact: true })).toBeVisible();

    // Both find it, closed, in their lists.
    await buyer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Commissions" }).click();
    await expect(buyer.getByRole("heading", { level: 1 })).toHaveText("Your commissions");
    const bought = buyer.getByRole("listitem").filter({ hasText: "Engagement ring — with Ana Ruiz" });
    await expect(bought).toContainText("Completed");
    await expect(bought).not.toContainText("Your step:");
    await checkSignedIn(buyer, javaScriptEnabled);
    await page.goto("/studio/commissions");
    await expect(page.getByRole("listitem").filter({ hasText: "Engagement ring — with Ben Okafor" })).toContainText(
      "Completed",
    );

    expect(buyerErrors, "the buyer's console errors").toEqual([]);
    await buyerContext.close();
  });

  test("cancelling shows what comes back and asks the buyer to tick that they understand", async ({
    page,
    browser,
  }) => {
    test.setTimeout(150_000);
    const suffix = fresh();
    const slug = `eva-${suffix}`;
    await openPublishedStudio(page, "Eva Lind", `eva.${suffix}@example.com`, slug, true);
    const { context: buyerContext, page: buyer, errors: buyerErrors } = await buyerBrowser(
      browser,
      javaScriptEnabled,
    );
    await signUp(buyer, "Kai Moreau", `kai.${suffix}@example.com`);
    const commission = await requestFrom(buyer, slug, "Eva Lind", "A signet ring from my grandfather's gold.");

    await page.goto(commission);
    await propose(page, "2400", "Face 12 mm");
    await buyer.goto(commission);
    await takeStep(buyer, "Accept proposal version 1", "You accepted proposal version 1.");
    await page.goto(commission);
    await stepForm(page, "Record a payment received").getByLabel("Amount received (GBP)").fill("1200");
    await takeStep(page, "Record the payment", "You recorded a payment of £1,200.");

    await buyer.goto(commission);
    const cancel = stepForm(buyer, "Cancel the commission");
    await expect(cancel).toContainText(
      "If you cancel now, £960 comes back to the buyer, as the accepted terms say.",
    );
    await cancel.getByLabel("Why (the other side reads this)").fill("We have decided on a different design.");
    // Not ticked: the browser keeps the form, and nothing is cancelled.
    await cancel.getByRole("button", { name: "Cancel the commission" }).click();
    await expect(cancel.locator("input[type=checkbox]:invalid")).toHaveCount(1);
    await expect(cancel.getByLabel("Why (the other side reads this)")).toHaveValue(
      "We have decided on a different design.",
    );
    await expect(stage(buyer)).toHaveText("In design");
    await expect(buyer.getByRole("status")).toHaveCount(0);

    await cancel.getByRole("checkbox", { name: "I understand, and want to cancel" }).check();
    await takeStep(buyer, "Cancel the commission", "You cancelled the commission.");
    await expect(stage(buyer)).toHaveText("Cancelled");
    const money = buyer.locator("dl.facts").first();
    await expect(money.getByRole("term").filter({ hasText: /^Refunded$/ })).toBeVisible();
    await expect(money.getByRole("definition").filter({ hasText: /^£960$/ })).toBeVisible();
    await expect(buyer.getByText("Nothing more: this commission is closed.")).toBeVisible();
    await checkSignedIn(buyer, javaScriptEnabled);

    await page.goto(commission);
    await expect(stage(page)).toHaveText("Cancelled");
    await expect(page.getByRole("region", { name: "Timeline" })).toContainText("We have decided on a different design.");

    expect(buyerErrors, "the buyer's console errors").toEqual([]);
    await buyerContext.close();
  });
});
