import { test, expect, expectAccessible, expectAccessibleWithoutScripts, withAndWithoutJavaScript } from "./fixtures";
import type { Page } from "@playwright/test";

/** A fresh address per run: tests run in parallel against one server. */
const freshEmail = (who: string) =>
  `${who}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.com`;

/** Opens the newest mail to `email` with this subject in the development mailbox, then its link. */
async function followMailedLink(page: Page, email: string, subject: string) {
  await page.goto("/dev/mail");
  const mail = page
    .getByRole("article")
    .filter({ hasText: email })
    .filter({ has: page.getByRole("heading", { name: subject }) })
    .first();
  await mail.getByRole("link").first().click();
}

withAndWithoutJavaScript(`a person with an account`, (javaScriptEnabled) => {
  test("signs up, confirms by email, changes password, signs out and back in", async ({
    page,
    browser,
  }) => {
    const email = freshEmail("ana");
    await page.goto("/");
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create your account");
    if (javaScriptEnabled) await expectAccessible(page);
    else await expectAccessibleWithoutScripts(browser, page.url());

    await page.getByLabel("Your name").fill("Ana Ruiz");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill("password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("alert")).toContainText("one of the most common");
    await expect(page.getByLabel("Email address")).toHaveValue(email);
    await expect(page.getByLabel("Your name")).toHaveValue("Ana Ruiz");
    if (javaScriptEnabled) await expectAccessible(page);

    await page.getByLabel("Password").fill("velvet orbit lantern");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
    await expect(page.getByRole("status")).toContainText(`sent an email to ${email}`);

    await followMailedLink(page, email, "Confirm your email address for Touchstone");
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account");
    await expect(page.getByRole("status")).toContainText("Your email address is confirmed");
    await expect(page.getByRole("link", { name: "Your account (Ana Ruiz)" })).toBeVisible();
    if (javaScriptEnabled) await expectAccessible(page);

    await page.getByLabel("Current password").fill("not my password");
    await page.getByLabel("New password").fill("brass kettle meadow");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("alert")).toContainText("Your current password");
    await page.getByLabel("Current password").fill("velvet orbit lantern");
    await page.getByLabel("New password").fill("brass kettle meadow");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status")).toContainText("Your password is changed");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill("brass kettle meadow");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account");
  });

  test("chooses a new password from an emailed link", async ({ page }) => {
    const email = freshEmail("ben");
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill("Ben Okafor");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill("velvet orbit lantern");
    await page.getByRole("button", { name: "Create account" }).click();

    await page.getByRole("link", { name: "Forgotten your password?" }).click();
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await expect(page.getByRole("status")).toContainText(`If an account uses ${email}`);
    await followMailedLink(page, email, "Choose a new password for Touchstone");
    await page.getByLabel("New password").fill("granite willow signal");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByRole("status")).toContainText("Your new password is set");
  });
});
