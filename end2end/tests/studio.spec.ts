import { test, expect, checkAccessible, fresh, photo, signUp, withAndWithoutJavaScript } from "./fixtures";

withAndWithoutJavaScript(`a maker`, (javaScriptEnabled) => {
  test("opens a studio, lists a photographed piece, is refused, fixes it and publishes", async ({
    page,
    browser,
  }) => {
    test.setTimeout(150_000);
    const suffix = fresh();
    const title = `Tidal ring ${suffix}`;
    await signUp(page, "Maya Lindqvist", `maya.${suffix}@example.com`);

    await page.getByRole("link", { name: "Your studio" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Open your studio");
    await checkAccessible(page, browser, javaScriptEnabled);
    await page.getByLabel("Web address").fill(`maya-${suffix}`);
    await page.getByLabel("Country").selectOption({ label: "Sweden" });
    await page.getByLabel("Tagline").fill("Forged silver from recycled metal");
    await page.getByRole("button", { name: "Open my studio" }).click();
    await expect(page.getByRole("status")).toContainText("Your studio is open");

    await page.getByLabel("Title of a new piece").fill(title);
    await page.getByRole("button", { name: "Create draft" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page.getByRole("status")).toContainText("Draft created");
    await expect(page.getByText("Add at least one photo.")).toBeVisible();

    if (javaScriptEnabled) {
      // The uploader names a file over the limit before sending anything.
      await page.getByLabel("Add photos").setInputFiles({
        name: "huge.jpg",
        mimeType: "image/jpeg",
        buffer: Buffer.alloc(21 * 1024 * 1024, 0xff),
      });
      await page.getByRole("button", { name: "Upload" }).click();
      await expect(page.getByText("“huge.jpg” is larger than 20 MB")).toBeVisible();
    }
    await page.getByLabel("Add photos").setInputFiles([
      { name: "ring.png", mimeType: "image/png", buffer: photo(640, 480) },
      { name: "worn.png", mimeType: "image/png", buffer: photo(480, 640) },
    ]);
    await page.getByRole("button", { name: "Upload" }).click();
    await expect(page.getByRole("status")).toContainText("2 photos added");
    await page.getByLabel("Description of photo 1").fill("The ring from above, brushed finish");
    await page.getByLabel("Description of photo 2").fill("The ring worn on a finger");
    await page
      .getByRole("group", { name: /^Photo 2/ })
      .getByRole("button", { name: "Make cover" })
      .click();
    await expect(page.getByRole("status")).toContainText("cover now");
    await expect(page.getByLabel("Description of photo 1")).toHaveValue("The ring worn on a finger");
    if (javaScriptEnabled) {
      // Dragging a photo onto the first one's place moves it there.
      await expect(page.getByText("Drag a photo onto another's place")).toBeVisible();
      await page
        .getByRole("listitem")
        .filter({ has: page.getByLabel("Description of photo 2") })
        .dragTo(page.getByRole("listitem").filter({ has: page.getByLabel("Description of photo 1") }));
      await expect(page.getByRole("status")).toContainText("Photo order and descriptions saved.");
      await expect(page.getByLabel("Description of photo 1")).toHaveValue("The ring from above, brushed finish");
      await page
        .getByRole("group", { name: /^Photo 2/ })
        .getByRole("button", { name: "Make cover" })
        .click();
      await expect(page.getByLabel("Description of photo 1")).toHaveValue("The ring worn on a finger");
    } else {
      await expect(page.getByText("Drag a photo onto another's place")).toBeHidden();
    }

    const details = page.getByRole("form", { name: "The piece" });
    await details
      .getByLabel("Description", { exact: true })
      .fill("A vermeil band set with a laboratory-grown sapphire.");
    await details.getByLabel("Pricing").selectOption({ label: "A fixed price" });
    await details.getByLabel("Currency").selectOption("SEK");
    await details.getByLabel(/^Price/).fill("4,200");
    await page.getByRole("group", { name: "Making step 1" }).getByLabel("Technique").selectOption({ label: "Forging" });
    const metal = page.getByRole("group", { name: "Metal 1" });
    await metal.getByLabel("Metal", { exact: true }).selectOption({ label: "Silver" });
    await metal.getByLabel("Fineness", { exact: true }).fill("925");
    await metal.getByLabel("Surface").selectOption({ label: "Vermeil" });
    await metal.getByLabel("Fineness of the gold layer").fill("18k");
    await metal.getByLabel("Layer thickness (µm)").fill("1.5");
    await metal.getByLabel("Recycled content (%)").fill("100");
    const stone = page.getByRole("group", { name: "Stone 1" });
    await stone.getByLabel("Stone", { exact: true }).fill("sapphire");
    await stone.getByLabel("Natural or grown").selectOption({ label: "Laboratory-grown" });
    await stone.getByLabel("Treatment").selectOption({ label: "Not treated" });
    await details.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toContainText("Saved.");
    await checkAccessible(page, browser, javaScriptEnabled);

    // Too little gold to be called vermeil: the check refuses and says why, and
    // the maker follows its advice: the piece is gold plated.
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(page.getByRole("alert")).toContainText("Vermeil needs at least 2.5 µm");
    await expect(page.getByRole("alert")).toContainText("Call it gold plated");
    const plated = page.getByRole("group", { name: "Metal 1" });
    await plated.getByLabel("Surface").selectOption({ label: "Plated" });
    await plated.getByLabel("Plated with").selectOption({ label: "Yellow gold" });
    await page
      .getByRole("form", { name: "The piece" })
      .getByLabel("Description", { exact: true })
      .fill("A gold-plated sterling silver band set with a laboratory-grown sapphire.");
    await page.getByRole("form", { name: "The piece" }).getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toContainText("Saved.");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("Published at");

    // The assay certificate backs the silver's fineness, for buyers to open.
    const evidence = page.getByRole("region", { name: "Evidence documents" });
    await evidence.getByLabel("Document", { exact: true }).setInputFiles({
      name: "assay-certificate.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(`%PDF-1.4\n% Assay certificate ${suffix}: silver 925\n%%EOF\n`),
    });
    await evidence.getByRole("checkbox", { name: /^Metal 1 \(Silver\): fineness/ }).check();
    await evidence.getByRole("checkbox", { name: "Buyers may open this document" }).check();
    await evidence.getByRole("button", { name: "Attach document" }).click();
    await expect(page.getByRole("status")).toContainText("Document added: 1 claim now rests on it");
    await expect(
      page.getByRole("region", { name: "Evidence documents" }).getByRole("link", { name: "assay-certificate.pdf" }),
    ).toBeVisible();
    await checkAccessible(page, browser, javaScriptEnabled);

    await page.getByRole("link", { name: "← Your studio" }).click();
    await expect(page.getByRole("row", { name: new RegExp(title) })).toContainText("Published");
    await page.getByRole("button", { name: "Publish my profile" }).click();
    await expect(page.getByRole("alert")).toContainText("Add a tagline and your story");
    await page.getByRole("link", { name: "Edit profile" }).click();
    await page.getByLabel("Photo of you or your studio mark").setInputFiles({
      name: "maya.png",
      mimeType: "image/png",
      buffer: photo(480, 480),
    });
    await page.getByLabel("Description of the portrait").fill("Maya at her bench");
    await page.getByRole("button", { name: "Upload portrait" }).click();
    await expect(page.getByRole("status")).toContainText("Your portrait is saved.");
    await page.getByLabel("Your story").fill("I forge every ring from one bar of recycled silver.");
    await page.getByRole("checkbox", { name: "Forging" }).check();
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByRole("status")).toContainText("Your profile is saved.");
    await checkAccessible(page, browser, javaScriptEnabled);
    await page.getByRole("link", { name: "← Your studio" }).click();
    await page.getByRole("button", { name: "Publish my profile" }).click();
    await expect(page.getByRole("status")).toContainText("Your profile is public");
    await checkAccessible(page, browser, javaScriptEnabled);

    // A buyer, signed out, finds it with its disclosure and a valid passport.
    const buyer = await browser.newContext({ javaScriptEnabled });
    const shopper = await buyer.newPage();
    await shopper.goto(`/makers/maya-${suffix}`);
    await expect(shopper.getByRole("img", { name: "Maya at her bench" })).toBeVisible();
    await shopper.getByRole("link", { name: title }).first().click();
    await expect(shopper.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(shopper.getByRole("img", { name: "The ring worn on a finger" }).first()).toBeVisible();
    const provenance = shopper.getByRole("region", { name: "Provenance" });
    await expect(provenance.getByRole("heading", { name: /^Laboratory-grown/ })).toBeVisible();
    await expect(provenance).toContainText(/plated with .*gold 1.5 µm thick/);
    await expect(provenance.getByRole("meter", { name: "Disclosure completeness" })).toBeVisible();
    await expect(provenance.getByText("Self-declared").first()).toBeVisible();
    const fineness = provenance.getByRole("definition").filter({ hasText: "925 parts per thousand" });
    await expect(fineness).toContainText("Document-backed");
    const download = shopper.waitForEvent("download");
    await fineness.getByRole("link", { name: "open the document" }).click();
    expect((await download).suggestedFilename()).toBe("assay-certificate.pdf");
    await shopper.getByRole("link", { name: "Check the provenance passport" }).click();
    await expect(shopper.getByRole("status")).toContainText("Valid.");
    await buyer.close();
  });
});
