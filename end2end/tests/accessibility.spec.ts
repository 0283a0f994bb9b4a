import { test, expect, axeViolations, fresh, openStudio, signUp } from "./fixtures";
import type { Page } from "@playwright/test";

/**
 * Every page a visitor can reach by following links gets the same axe check as the
 * journeys' pages: signed out from the home page, and signed in as a new maker from
 * their studio. A few pages of each shape are enough (one maker page is laid out
 * like the next), so the crawl stays within a minute or two.
 */
const PAGES_PER_SHAPE = 2;
const MAX_PAGES = 80;

/** `/makers/ana-ruiz/consultations/3` → `/makers/:/consultations/:`; a query counts apart. */
function shape(url: URL): string {
  const segments = url.pathname
    .split("/")
    .filter(Boolean)
    .map((segment, at) => (at === 0 || /^[a-z]{1,14}$/.test(segment) ? segment : ":"));
  return `/${segments.join("/")}${url.search ? "?" : ""}`;
}

/** What isn't a page of the site: files, data, feeds and the development mailbox. */
function isPage(url: URL): boolean {
  return !(
    /^\/(pkg|media|dev)\//.test(url.pathname) ||
    /\/documents\//.test(url.pathname) ||
    /\.(json|xml|txt|ics|pdf|png|jpe?g|webp|svg|ico|css|js|wasm)$/.test(url.pathname)
  );
}

/**
 * axe's findings and the page's links once it has settled: an island may load
 * the page again (the booking page adds the browser's time zone to its address).
 */
async function settled(page: Page): Promise<{ violations: string[]; links: string[] }> {
  for (let attempt = 1; ; attempt++) {
    await page.waitForLoadState("networkidle");
    try {
      const violations = await axeViolations(page);
      const links = await page
        .locator("a[href]")
        .evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
      return { violations, links };
    } catch (error) {
      if (attempt === 3 || !String(error).includes("Execution context was destroyed")) throw error;
    }
  }
}

/** Follows same-site links breadth first from `starts`, checking each page it opens. */
async function crawl(page: Page, starts: string[], within: (url: URL) => boolean) {
  const queue = starts.map((path) => new URL(path, test.info().project.use.baseURL));
  const seen = new Set<string>();
  const perShape = new Map<string, number>();
  const problems: string[] = [];
  let checked = 0;
  while (queue.length > 0 && checked < MAX_PAGES) {
    const url = queue.shift()!;
    url.hash = "";
    const key = url.toString();
    const taken = perShape.get(shape(url)) ?? 0;
    if (seen.has(key) || taken >= PAGES_PER_SHAPE || !within(url) || !isPage(url)) continue;
    seen.add(key);
    perShape.set(shape(url), taken + 1);

    const response = await page.goto(key);
    const status = response?.status() ?? 0;
    if (status >= 400 || !(response?.headers()["content-type"] ?? "").startsWith("text/html")) {
      problems.push(`${url.pathname}${url.search}: answered ${status}`);
      continue;
    }
    checked += 1;
    const { violations, links } = await settled(page);
    for (const violation of violations) {
      problems.push(`${url.pathname}${url.search}: ${violation}`);
    }
    for (const href of links) {
      const next = new URL(href);
      if (next.origin === url.origin) queue.push(next);
    }
  }
  return { checked, shapes: [...perShape.keys()], problems };
}

test.describe("every page reached by its links", () => {
  test("signed out, from the home page", async ({ page }) => {
    test.setTimeout(240_000);
    const { checked, shapes, problems } = await crawl(page, ["/", "/sign-in", "/sign-up", "/account/reset"], () => true);
    console.log(`accessibility crawl, signed out: ${checked} pages of ${shapes.length} shapes: ${shapes.join(" ")}`);
    expect(problems, "pages with axe violations or errors").toEqual([]);
    // The demo catalogue reaches the directory, search, makers, pieces, passports and booking.
    expect(shapes.length).toBeGreaterThanOrEqual(10);
  });

  test("signed in as a maker, from the studio", async ({ page }) => {
    test.setTimeout(240_000);
    const suffix = fresh();
    await signUp(page, "Noor Haddad", `noor.${suffix}@example.com`);
    await openStudio(page, `noor-${suffix}`, "Jordan", "Granulated gold, one piece at a time");
    await page.getByLabel("Title of a new piece").fill(`Granulated studs ${suffix}`);
    await page.getByRole("button", { name: "Create draft" }).click();
    await expect(page.getByRole("status")).toContainText("Draft created");

    const { checked, shapes, problems } = await crawl(page, ["/studio", "/account"], (url) =>
      /^\/(studio|account)/.test(url.pathname),
    );
    console.log(`accessibility crawl, signed in: ${checked} pages of ${shapes.length} shapes: ${shapes.join(" ")}`);
    expect(problems, "pages with axe violations or errors").toEqual([]);
    expect(shapes.length).toBeGreaterThanOrEqual(4);
  });
});
