import { test as base, expect, type Browser, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/**
 * Every test fails if the page logs a console error or throws: hydration problems,
 * CSP refusals and missing assets all show up there first.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      // A page that is meant to be missing answers 404; the browser logs that as an
      // error against the document itself, which is the point, not a fault.
      const failedDocuments = new Set<string>();
      page.on("response", (response) => {
        if (response.request().isNavigationRequest() && response.status() >= 400) {
          failedDocuments.add(response.url());
        }
      });
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        if (failedDocuments.has(message.location().url)) return;
        errors.push(`${message.text()} (${message.location().url})`);
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Runs axe-core (WCAG 2.2 AA and best practice) and expects no violations. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary, "axe violations").toEqual([]);
}

/** The listing island marks itself once its wasm is running. */
export async function waitForIslands(page: Page) {
  await expect(page.locator(".live-listing[data-live=on]")).toHaveCount(1);
}

/**
 * axe needs scripts to run, so a page seen without JavaScript is checked by loading
 * the same URL with the site's own scripts blocked: the islands stay asleep, exactly
 * as a visitor without JavaScript sees them.
 */
export async function expectAccessibleWithoutScripts(browser: Browser, url: string) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  await page.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
  await page.goto(url);
  await expectAccessible(page);
  await context.close();
}
